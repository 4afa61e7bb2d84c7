import { produce, profile, sandbox, sgv, treatment } from '../../../../test/support/sandbox';
import { BwpProducer } from './bwp.producer';

const producer = new BwpProducer();
const ENV = { ENABLE: 'iob bwp' };
const PROFILE = profile({ dia: 3, sens: 90, target_high: 120, target_low: 100 });
const data = (before: number, now: number, treatments = [] as ReturnType<typeof treatment>[]) => ({
  sgvs: [sgv(before, 5), sgv(now, 0, { direction: 'FortyFiveUp' })],
  treatments,
  profiles: [PROFILE],
});

/** The reference's boluswizardpreview scenarios. */
describe('bwp: bolus wizard preview and its snooze', () => {
  it('computes the preview (effect, outcome, estimate, temp basal)', () => {
    const low = sandbox(ENV, { sgvs: [sgv(100, 5), sgv(100, 0)], treatments: [treatment(0, { insulin: '1.0' })], profiles: [profile({ dia: 3, sens: 50, target_high: 200, target_low: 100, basal: 1 })] });
    const bwp = low.property('bwp')!;
    expect([Math.round(bwp.effect), bwp.effectDisplay, bwp.outcomeDisplay, Math.round(bwp.bolusEstimate), bwp.displayLine]).toEqual([50, 50, 50, -1, 'BWP: -1.00U']);
    expect(bwp.tempBasalAdjustment).toEqual({ thirtymin: -100, onehour: 0 });
    expect(sandbox(ENV, data(100, 100)).property('bwp')).toMatchObject({ effect: 0, outcome: 100, bolusEstimate: 0, displayLine: 'BWP: 0U' });
  });

  it('warns "time to bolus?" above target with an estimate over BWP_WARN, urgent over BWP_URGENT', () => {
    expect(produce(producer, ENV, data(175, 180)).notifies).toEqual([
      expect.objectContaining({ level: 1, title: 'Warning, Check BG, time to bolus?', message: 'BG Now: 180 +5 ↗ mg/dl\nBG 15m: 187 mg/dl\nBWP: 0.66U', eventName: 'bwp', pushoverSound: 'bike' }),
    ]);
    expect(produce(producer, ENV, data(295, 300)).notifies[0]).toMatchObject({ level: 2, pushoverSound: 'updown' });
    expect(produce(producer, { ...ENV, BWP_WARN: '1', BWP_URGENT: '2' }, data(175, 180)).notifies).toEqual([]);
  });

  it('snoozes high alarms for BWP_SNOOZE_MINS when the insulin on board covers the high', () => {
    const result = produce(producer, ENV, data(295, 300, [treatment(5, { insulin: '5.0' })]));
    expect(result.notifies).toEqual([]);
    expect(result.snoozes).toEqual([expect.objectContaining({ level: 2, group: 'default', lengthMs: 10 * 60_000, title: 'Snoozing high alarm since there is enough IOB' })]);
    expect(produce(producer, { ...ENV, BWP_SNOOZE_MINS: '30' }, data(295, 300, [treatment(5, { insulin: '5.0' })])).snoozes![0].lengthMs).toBe(30 * 60_000);
  });

  it('neither snoozes nor alarms without a profile, without IOB, with stale data, or when disabled', () => {
    expect(produce(producer, ENV, { sgvs: [sgv(295, 5), sgv(300, 0)] })).toEqual({ notifies: [] });
    expect(produce(producer, { ENABLE: 'bwp' }, data(295, 300))).toEqual({ notifies: [] });
    expect(produce(producer, ENV, { ...data(295, 300), sgvs: [sgv(300, 20)] })).toEqual({ notifies: [] });
    expect(sandbox({}, data(295, 300)).property('bwp')).toBeUndefined();
    expect(produce(producer, ENV, data(95, 100))).toEqual({ notifies: [] });
  });
});
