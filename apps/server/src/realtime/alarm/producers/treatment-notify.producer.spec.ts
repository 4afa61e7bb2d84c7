import { mbg, produce, sgv, treatment } from '../../../../test/support/sandbox';
import { TreatmentNotifyProducer } from './treatment-notify.producer';

const producer = new TreatmentNotifyProducer();
const ENV = { ENABLE: 'careportal' };

describe('treatmentnotify producer', () => {
  it('notifies a recent treatment and snoozes the default alarms for TREATMENTNOTIFY_SNOOZE_MINS', () => {
    const result = produce(producer, ENV, { treatments: [treatment(2, { eventType: 'Meal Bolus', carbs: 20, insulin: 1.5, enteredBy: 'mom', timestamp: '2024-05-01T11:58:00Z' })] });
    expect(result.notifies).toEqual([expect.objectContaining({ level: 0, title: 'Meal Bolus', message: 'Carbs: 20g\nInsulin: 1.50U\nEntered By: mom', group: 'default', notifyhash: expect.stringMatching(/^[0-9a-f]{40}$/) })]);
    expect(result.snoozes).toEqual([expect.objectContaining({ level: 2, group: 'default', lengthMs: 10 * 60_000, message: 'Treatment: Meal Bolus' })]);
    expect(produce(producer, { ...ENV, TREATMENTNOTIFY_SNOOZE_MINS: '20' }, { treatments: [treatment(2, { eventType: 'Note' })] }).snoozes![0].lengthMs).toBe(20 * 60_000);
  });

  it('gives treatments without a timestamp field distinct notification keys', () => {
    const hash = (minutesAgo: number) => produce(producer, ENV, { treatments: [treatment(minutesAgo, { eventType: 'Meal Bolus', carbs: 10 })] }).notifies[0].notifyhash;
    expect(hash(2)).not.toBe(hash(3));
  });

  it('notifies a recent meter reading as a calibration', () => {
    expect(produce(producer, ENV, { mbgs: [mbg(120, 1)] }).notifies).toEqual([expect.objectContaining({ level: 0, title: 'Calibration', message: 'Meter BG: 120 mg/dl', pushoverSound: 'magic' })]);
  });

  it('raises announcements at the level of the BG they were drawn at, without snoozing', () => {
    const urgent = produce(producer, ENV, { sgvs: [sgv(350, 1)], treatments: [treatment(1, { eventType: 'Announcement', isAnnouncement: true, notes: 'Call me', mgdl: 350 })] });
    expect(urgent.notifies).toEqual([expect.objectContaining({ level: 2, title: 'Urgent Announcement', message: 'Call me', group: 'Announcement', isAnnouncement: true, pushoverSound: 'persistent' })]);
    expect(urgent.snoozes).toEqual([]);
    expect(produce(producer, ENV, { treatments: [treatment(1, { eventType: 'Announcement', mgdl: 120 })] })).toEqual({ notifies: [expect.objectContaining({ level: 0, title: 'Announcement', message: '.', isAnnouncement: true })], snoozes: [] });
  });

  it('ignores automatic loop treatments and small boluses under TREATMENTNOTIFY_INCLUDE_BOLUSES_OVER', () => {
    expect(produce(producer, ENV, { treatments: [treatment(1, { eventType: 'Temp Basal', enteredBy: 'openaps://rig', absolute: 1, duration: 30 })] })).toEqual({ notifies: [] });
    expect(produce(producer, ENV, { treatments: [treatment(1, { eventType: 'Correction Bolus', enteredBy: 'loop://iPhone', insulin: 0.5 })] }).notifies).toHaveLength(1);
    expect(produce(producer, { ...ENV, TREATMENTNOTIFY_INCLUDE_BOLUSES_OVER: '1' }, { treatments: [treatment(1, { eventType: 'Correction Bolus', insulin: 0.5 })] })).toEqual({ notifies: [] });
  });

  it('says Temporary Target Cancel for a zero-length target, and is quiet for old treatments', () => {
    expect(produce(producer, ENV, { treatments: [treatment(1, { eventType: 'Temporary Target', duration: 0 })] }).notifies[0]).toMatchObject({ title: 'Temporary Target Cancel', message: 'Canceled' });
    expect(produce(producer, ENV, { treatments: [treatment(11, { eventType: 'Note', notes: 'old' })] })).toEqual({ notifies: [] });
  });
});
