import { produce, sgv } from '../../../../test/support/sandbox';
import { StaleDataProducer } from './stale-data.producer';

const producer = new StaleDataProducer();
const ENV = { TIMEAGO_ENABLE_ALERTS: 'true' };
const stale = (minutesAgo: number, env: Record<string, string> = ENV) => produce(producer, env, { sgvs: [sgv(100, minutesAgo)] }).notifies;

describe('timeago (stale data) producer', () => {
  it('warns after 15 minutes and is urgent after 30, with the reference message', () => {
    expect(stale(16)).toEqual([expect.objectContaining({ level: 1, title: 'Stale data, check rig?', message: 'Last received: 16 mins ago\nBG Now: 100 mg/dl', eventName: 'timeago', group: 'Time Ago' })]);
    expect(stale(31)[0]).toMatchObject({ level: 2, message: 'Last received: 31 mins ago\nBG Now: 100 mg/dl' });
  });

  it('honours ALARM_TIMEAGO_* minutes and switches', () => {
    expect(stale(16, { ...ENV, ALARM_TIMEAGO_WARN_MINS: '20' })).toEqual([]);
    expect(stale(31, { ...ENV, ALARM_TIMEAGO_URGENT: 'off' })[0]).toMatchObject({ level: 1 });
    expect(stale(31, { ...ENV, ALARM_TIMEAGO_URGENT: 'off', ALARM_TIMEAGO_WARN: 'off' })).toEqual([]);
  });

  it('is quiet for current or future data and without TIMEAGO_ENABLE_ALERTS (the reference default)', () => {
    expect(stale(5)).toEqual([]);
    expect(stale(-1)).toEqual([]);
    expect(stale(31, {})).toEqual([]);
  });
});
