import { MIN, NOW, produce, sandbox, treatment } from '../../../../test/support/sandbox';
import { bageProducer } from './bage.producer';
import { cageProducer } from './cage.producer';
import { iageProducer } from './iage.producer';
import { sageProducer } from './sage.producer';

const HOURS = 60;
const ago = (hours: number, minutes = 0) => hours * HOURS + minutes;

describe('device-age producers (cage, sage, iage, bage)', () => {
  it('cage: warns "Cannula age 48 hours" in the first 20 minutes of hour 48, with CAGE_ENABLE_ALERTS', () => {
    const data = { treatments: [treatment(ago(48, 10), { eventType: 'Site Change' })] };
    expect(produce(cageProducer, { ENABLE: 'cage', CAGE_ENABLE_ALERTS: 'true' }, data).notifies).toEqual([
      expect.objectContaining({ level: 1, title: 'Cannula age 48 hours', message: 'Time to change cannula', group: 'CAGE', pushoverSound: 'incoming' }),
    ]);
    expect(produce(cageProducer, { ENABLE: 'cage' }, data).notifies).toEqual([]);
    expect(produce(cageProducer, { ENABLE: 'cage', CAGE_ENABLE_ALERTS: 'true' }, { treatments: [treatment(ago(48, 25), { eventType: 'Site Change' })] }).notifies).toEqual([]);
    expect(produce(cageProducer, { ENABLE: 'cage', CAGE_ENABLE_ALERTS: 'true', CAGE_WARN: '50' }, data).notifies).toEqual([]);
  });

  it('cage property: age, days/hours display, level; the latest change counts', () => {
    const sbx = sandbox({ ENABLE: 'cage', CAGE_DISPLAY: 'days' }, { treatments: [treatment(ago(100), { eventType: 'Site Change' }), treatment(ago(26, 30), { eventType: 'Site Change', notes: 'left arm' })] });
    expect(sbx.property('cage')).toMatchObject({ found: true, age: 26, days: 1, hours: 2, display: '1d2h', notes: 'left arm', level: -3, minFractions: 30, treatmentDate: NOW - ago(26, 30) * MIN });
    expect(sandbox({ ENABLE: 'cage' }, {}).property('cage')).toMatchObject({ found: false, display: 'n/a ' });
  });

  it('sage: urgent "Sensor age 6 days 22 hours" at SAGE_URGENT (166 h), a Sensor Change after a start wins', () => {
    const env = { ENABLE: 'sage', SAGE_ENABLE_ALERTS: 'true' };
    expect(produce(sageProducer, env, { treatments: [treatment(ago(166, 5), { eventType: 'Sensor Start' })] }).notifies).toEqual([
      expect.objectContaining({ level: 2, title: 'Sensor age 6 days 22 hours', message: 'Sensor change/restart overdue!', group: 'SAGE', pushoverSound: 'persistent' }),
    ]);
    expect(produce(sageProducer, env, { treatments: [treatment(ago(167), { eventType: 'Sensor Start' })] }).notifies).toEqual([]);
    const both = sandbox(env, { treatments: [treatment(ago(100), { eventType: 'Sensor Start' }), treatment(ago(10), { eventType: 'Sensor Change' })] }).property('sage')!;
    expect(both).toMatchObject({ min: 'Sensor Change', 'Sensor Start': { found: false }, 'Sensor Change': { found: true, age: 10, display: '10h', displayLong: '10 hours' } });
  });

  it('iage reaches urgent at IAGE_URGENT (the reference compared with an undefined field and never did)', () => {
    const env = { ENABLE: 'iage', IAGE_ENABLE_ALERTS: 'on' };
    expect(produce(iageProducer, env, { treatments: [treatment(ago(72), { eventType: 'Insulin Change' })] }).notifies[0]).toMatchObject({ level: 2, title: 'Insulin reservoir age 72 hours', group: 'IAGE' });
    expect(produce(iageProducer, env, { treatments: [treatment(ago(44, 1), { eventType: 'Insulin Change' })] }).notifies[0]).toMatchObject({ level: 0, message: 'Change insulin reservoir soon' });
  });

  it('bage: info, warn and urgent at 312/336/360 hours; quiet when not enabled', () => {
    const env = { ENABLE: 'bage', BAGE_ENABLE_ALERTS: 'on' };
    const at = (hours: number) => produce(bageProducer, env, { treatments: [treatment(ago(hours), { eventType: 'Pump Battery Change' })] }).notifies.map((n) => [n.level, n.title]);
    expect([at(312), at(336), at(360), at(313)]).toEqual([[[0, 'Pump battery age 312 hours']], [[1, 'Pump battery age 336 hours']], [[2, 'Pump battery age 360 hours']], []]);
    expect(sandbox({ BAGE_ENABLE_ALERTS: 'on' }, { treatments: [treatment(ago(360), { eventType: 'Pump Battery Change' })] }).property('bage')).toBeUndefined();
  });
});
