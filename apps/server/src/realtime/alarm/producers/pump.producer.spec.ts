import { MIN, NOW, produce, profile, sandbox, status, treatment } from '../../../../test/support/sandbox';
import { PumpProducer } from './pump.producer';

const producer = new PumpProducer();
const ENV = { ENABLE: 'pump', PUMP_ENABLE_ALERTS: 'true' };
const pump = (fields: Record<string, unknown>, minutesAgo = 1) =>
  status(minutesAgo, { device: 'openaps://rig', pump: { clock: new Date(NOW - minutesAgo * MIN).toISOString(), reservoir: 86.4, battery: { voltage: 1.52 }, ...fields } });

describe('pump producer', () => {
  it('reads the newest pump status into the property', () => {
    const prop = sandbox({ ENABLE: 'pump' }, { devicestatus: [pump({}, 20), pump({}, 2)] }).property('pump')!;
    expect(prop.data).toMatchObject({ level: -3, battery: { value: 1.52, unit: 'volts', display: '1.52v' }, reservoir: { value: 86.4, display: '86.4U' }, clock: { label: 'Last Clock', display: '2m ago' } });
    expect(prop.clockMills).toBe(NOW - 2 * MIN);
  });

  it.each([
    [{ reservoir: 0.5 }, 2, 'URGENT: Pump Reservoir Low'],
    [{ reservoir: 0 }, 2, 'URGENT: Pump Reservoir Low'],
    [{ reservoir: 8 }, 1, 'Warning, Pump Reservoir Low'],
    [{ battery: { voltage: 1.33 } }, 1, 'Warning, Pump Battery Low'],
    [{ battery: { voltage: 1.0 } }, 2, 'URGENT: Pump Battery Low'],
    [{ battery: { percent: 25 } }, 1, 'Warning, Pump Battery Low'],
  ])('%j → level %i "%s"', (fields, level, title) => {
    expect(produce(producer, ENV, { devicestatus: [pump(fields)] }).notifies).toEqual([expect.objectContaining({ level, title, group: 'Pump', pushoverSound: 'echo', message: expect.stringContaining('Pump Battery:') })]);
  });

  it('alarms for a stale pump clock, unless an OpenAPS Offline marker covers now', () => {
    const stale = [pump({}, 65)];
    expect(produce(producer, { ...ENV, PUMP_URGENT_CLOCK: '60' }, { devicestatus: [{ ...stale[0], mills: NOW - 5 * MIN }] }).notifies[0]).toMatchObject({ level: 2, title: 'URGENT: Pump data stale' });
    const offline = [treatment(10, { eventType: 'OpenAPS Offline', duration: 60 })];
    expect(produce(producer, ENV, { devicestatus: [{ ...stale[0], mills: NOW - 5 * MIN }], treatments: offline }).notifies).toEqual([]);
  });

  it('warns on a suspended pump with PUMP_WARN_ON_SUSPEND', () => {
    const suspended = { status: { status: 'normal', suspended: true } };
    expect(produce(producer, { ...ENV, PUMP_WARN_ON_SUSPEND: 'on' }, { devicestatus: [pump(suspended)] }).notifies[0]).toMatchObject({ level: 1, title: 'Pump Suspended' });
    expect(produce(producer, ENV, { devicestatus: [pump(suspended)] }).notifies).toEqual([]);
  });

  it('keeps battery alarms quiet at night with PUMP_WARN_BATT_QUIET_NIGHT and a profile time zone', () => {
    const env = { ...ENV, PUMP_WARN_BATT_QUIET_NIGHT: 'true' };
    const data = { devicestatus: [pump({ battery: { voltage: 1.0 } })], profiles: [profile({ timezone: 'Asia/Tokyo' })] };
    // 12:00 UTC is 21:00 in Tokyo: after DAY_END=20 it is night.
    expect(produce(producer, { ...env, DAY_END: '20' }, data).notifies).toEqual([]);
    expect(produce(producer, env, data).notifies[0]).toMatchObject({ level: 2 });
  });

  it('is quiet without PUMP_ENABLE_ALERTS, when healthy, and without recent pump data', () => {
    expect(produce(producer, { ENABLE: 'pump' }, { devicestatus: [pump({ reservoir: 0 })] }).notifies).toEqual([]);
    expect(produce(producer, ENV, { devicestatus: [pump({})] }).notifies).toEqual([]);
    expect(produce(producer, ENV, { devicestatus: [pump({ reservoir: 0 }, 121)] }).notifies).toEqual([]);
  });
});
