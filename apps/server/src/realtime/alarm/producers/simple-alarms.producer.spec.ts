import { produce, sgv } from '../../../../test/support/sandbox';
import { SimpleAlarmsProducer } from './simple-alarms.producer';

const producer = new SimpleAlarmsProducer();
const SIMPLE = { ALARM_TYPES: 'simple' };
const run = (before: number, now: number, env: Record<string, string> = SIMPLE, ageMins = 0) => produce(producer, env, { sgvs: [sgv(before, ageMins + 5), sgv(now, ageMins)] }).notifies;

describe('simplealarms producer', () => {
  it('warns above BG_TARGET_TOP with the reference message', () => {
    expect(run(171, 181)).toEqual([expect.objectContaining({ level: 1, title: 'Warning HIGH', message: 'BG Now: 181 +10 - mg/dl', eventName: 'high', pushoverSound: 'climb', group: 'default' })]);
  });

  it('is urgent above BG_HIGH and below BG_LOW, warns below BG_TARGET_BOTTOM', () => {
    expect(run(300, 310)[0]).toMatchObject({ level: 2, title: 'Urgent HIGH', pushoverSound: 'persistent' });
    expect(run(80, 70)[0]).toMatchObject({ level: 1, title: 'Warning LOW', eventName: 'low', pushoverSound: 'falling' });
    expect(run(60, 50)[0]).toMatchObject({ level: 2, title: 'Urgent LOW' });
  });

  it('is quiet in range, on stale or error readings, when disabled and when ALARM_* switches are off', () => {
    expect(run(100, 105)).toEqual([]);
    expect(run(300, 310, SIMPLE, 10)).toEqual([]);
    expect(run(50, 38)).toEqual([]);
    expect(run(300, 310, { ALARM_URGENT_HIGH: 'off', ALARM_HIGH: 'off', ALARM_TYPES: 'simple' })).toEqual([]);
    // ALARM_URGENT_HIGH off still leaves the warning.
    expect(run(300, 310, { ALARM_URGENT_HIGH: 'off', ALARM_TYPES: 'simple' })[0]).toMatchObject({ level: 1 });
  });

  it('compares in the display units (mmol thresholds)', () => {
    expect(run(150, 160, { DISPLAY_UNITS: 'mmol', BG_TARGET_TOP: '8', BG_HIGH: '14', BG_TARGET_BOTTOM: '4', BG_LOW: '3' })[0]).toMatchObject({ level: 1, message: expect.stringMatching(/^BG Now: 8\.9 \+0\.6 - mmol\/L/) });
  });
});
