import { MIN, NOW, produce, sandbox, status, treatment } from '../../../../test/support/sandbox';
import { OpenApsProducer } from './openaps.producer';

const producer = new OpenApsProducer();
const ENV = { ENABLE: 'openaps', OPENAPS_ENABLE_ALERTS: 'true' };
const iso = (minutesAgo: number) => new Date(NOW - minutesAgo * MIN).toISOString();
const run = (minutesAgo: number, received = true) =>
  status(minutesAgo, {
    device: 'openaps://abusypi',
    openaps: {
      suggested: { timestamp: iso(minutesAgo), bg: 147, eventualBG: 125, predBGs: { IOB: [147, 145, 143] } },
      enacted: { timestamp: iso(minutesAgo), received, rate: 0.5, duration: 30, eventualBG: 125 },
      iob: [{ iob: 0.5, basaliob: 0.1, time: iso(minutesAgo) }],
    },
  });

describe('openaps producer', () => {
  it('analyses the last loop: enacted, predictions, IOB, eventual BG', () => {
    const prop = sandbox({ ENABLE: 'openaps' }, { devicestatus: [run(2)] }).property('openaps')!;
    expect(prop.status).toMatchObject({ symbol: '⌁', code: 'enacted', label: 'Enacted' });
    expect(prop).toMatchObject({ lastLoopMoment: iso(2), lastEventualBG: 125, lastIOB: { iob: 0.5, moment: iso(2) }, lastPredBGs: { IOB: [147, 145, 143] } });
    expect(prop.seenDevices['openaps://abusypi']).toMatchObject({ name: 'abusypi', status: { code: 'enacted', when: iso(2) } });
    expect(sandbox({ ENABLE: 'openaps' }, { devicestatus: [run(2, false)] }).property('openaps')!.status).toMatchObject({ symbol: 'x', code: 'notenacted' });
  });

  it("alarms \"OpenAPS isn't looping\" after OPENAPS_WARN / OPENAPS_URGENT minutes", () => {
    expect(produce(producer, ENV, { devicestatus: [run(45)] }).notifies).toEqual([expect.objectContaining({ level: 1, title: "OpenAPS isn't looping", message: 'Last Loop: 45m ago', group: 'OpenAPS', pushoverSound: 'echo' })]);
    expect(produce(producer, ENV, { devicestatus: [run(70)] }).notifies[0]).toMatchObject({ level: 2 });
    expect(produce(producer, { ...ENV, OPENAPS_WARN: '50' }, { devicestatus: [run(45)] }).notifies).toEqual([]);
  });

  it('is quiet while looping, with an OpenAPS Offline marker, without alerts enabled, and with nothing reported', () => {
    expect(produce(producer, ENV, { devicestatus: [run(5)] }).notifies).toEqual([]);
    expect(produce(producer, ENV, { devicestatus: [run(70)], treatments: [treatment(60, { eventType: 'OpenAPS Offline', duration: 120 })] }).notifies).toEqual([]);
    expect(produce(producer, { ENABLE: 'openaps' }, { devicestatus: [run(70)] }).notifies).toEqual([]);
    expect(produce(producer, ENV, {}).notifies).toEqual([]);
  });
});
