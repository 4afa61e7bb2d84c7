import { MIN, NOW, produce, sandbox, status } from '../../../../test/support/sandbox';
import { LoopProducer } from './loop.producer';

const producer = new LoopProducer();
const ENV = { ENABLE: 'loop', LOOP_ENABLE_ALERTS: 'true' };
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();
const loop = (minutesAgo: number, fields: Record<string, unknown> = {}) =>
  status(minutesAgo, {
    device: 'loop://iPhone',
    loop: { timestamp: iso(minutesAgo), iob: { iob: 0.17, timestamp: iso(minutesAgo) }, enacted: { timestamp: iso(minutesAgo), received: true, rate: 0.88, duration: 30 }, predicted: { startDate: iso(minutesAgo), values: [147, 148, 149] }, ...fields },
  });

describe('loop producer', () => {
  it('analyses the last loop: enacted, prediction, errors', () => {
    const prop = sandbox({ ENABLE: 'loop' }, { devicestatus: [loop(3)] }).property('loop')!;
    expect(prop.display).toEqual({ symbol: '⌁', code: 'enacted', label: 'Enacted' });
    expect(prop).toMatchObject({ lastOkMoment: iso(3), lastEnacted: { rate: 0.88, moment: iso(3) }, lastPredicted: { values: [147, 148, 149] } });
    expect(sandbox({ ENABLE: 'loop' }, { devicestatus: [loop(3, { failureReason: 'SomeError' })] }).property('loop')!.display.code).toBe('error');
    expect(sandbox({ ENABLE: 'loop' }, { devicestatus: [loop(3, { enacted: { timestamp: iso(3), received: false } })] }).property('loop')!.display.code).toBe('error');
  });

  it("alarms \"Loop isn't looping\" from the last successful loop", () => {
    expect(produce(producer, ENV, { devicestatus: [loop(65)] }).notifies).toEqual([expect.objectContaining({ level: 2, title: "Loop isn't looping", message: 'Last Loop: 1h ago', group: 'Loop' })]);
    // A loop 5 minutes ago that failed does not count as looping.
    expect(produce(producer, ENV, { devicestatus: [loop(40), loop(5, { failureReason: 'x' })] }).notifies[0]).toMatchObject({ level: 1, message: 'Last Loop: 40m ago' });
  });

  it('is quiet while looping, without LOOP_ENABLE_ALERTS, and when Loop never reported', () => {
    expect(produce(producer, ENV, { devicestatus: [loop(5)] }).notifies).toEqual([]);
    expect(produce(producer, { ENABLE: 'loop' }, { devicestatus: [loop(65)] }).notifies).toEqual([]);
    expect(produce(producer, ENV, {}).notifies).toEqual([]);
  });
});
