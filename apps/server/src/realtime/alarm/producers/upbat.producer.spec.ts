import { produce, sandbox, status } from '../../../../test/support/sandbox';
import { UpbatProducer } from './upbat.producer';

const producer = new UpbatProducer();
const ENV = { UPBAT_ENABLE_ALERTS: 'true' };

describe('upbat producer', () => {
  it('reports the lowest recent uploader battery (the reference scenario: 20% is urgent)', () => {
    const prop = sandbox({}, { devicestatus: [status(2, { uploader: { battery: 20 } })] }).property('upbat')!;
    expect(prop).toMatchObject({ display: '20%', status: 'urgent', min: { value: 20, level: 25 } });
    const two = sandbox({}, { devicestatus: [status(3, { device: 'xdrip://phone', uploader: { battery: 80 } }), status(2, { device: 'openaps://rig', uploader: { battery: 60, batteryVoltage: 3950 }, isCharging: true })] }).property('upbat')!;
    expect(two).toMatchObject({ display: '60%⚡', level: 75, status: 'current' });
    expect(two.devices['openaps://rig']).toMatchObject({ name: 'rig', min: { voltage: 3.95, voltageDisplay: '3.950v' } });
    expect(sandbox({}, {}).property('upbat')).toEqual({ display: '?%', devices: {} });
  });

  it('warns at UPBAT_WARN, is urgent at UPBAT_URGENT, with UPBAT_ENABLE_ALERTS', () => {
    expect(produce(producer, ENV, { devicestatus: [status(1, { device: 'xdrip://phone', uploader: { battery: 25 } })] }).notifies).toEqual([
      expect.objectContaining({ level: 1, title: 'Warning Uploader Battery is Low', message: 'xdrip://phone 25%', group: 'Uploader Battery' }),
    ]);
    expect(produce(producer, ENV, { devicestatus: [status(1, { uploader: { battery: 15 } })] }).notifies[0]).toMatchObject({ level: 2, title: 'Urgent Uploader Battery is Low' });
    expect(produce(producer, { ...ENV, UPBAT_WARN: '20', UPBAT_URGENT: '10' }, { devicestatus: [status(1, { uploader: { battery: 25 } })] }).notifies).toEqual([]);
  });

  it('is quiet without alerts enabled, with old statuses, and when upbat is disabled', () => {
    expect(produce(producer, {}, { devicestatus: [status(1, { uploader: { battery: 5 } })] }).notifies).toEqual([]);
    expect(produce(producer, ENV, { devicestatus: [status(31, { uploader: { battery: 5 } })] }).notifies).toEqual([]);
    expect(sandbox({ ...ENV, DISABLE: 'upbat' }, { devicestatus: [status(1, { uploader: { battery: 5 } })] }).property('upbat')).toBeUndefined();
  });
});
