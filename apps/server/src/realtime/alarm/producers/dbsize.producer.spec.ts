import { produce, sandbox } from '../../../../test/support/sandbox';
import { DbSizeProducer } from './dbsize.producer';

const producer = new DbSizeProducer();
const MIB = 1024 * 1024;
const ENV = { DBSIZE_ENABLE_ALERTS: 'true' };

describe('dbsize producer', () => {
  it('reports the size against DBSIZE_MAX (496 MiB)', () => {
    expect(sandbox({}, { dbstats: { dataSize: 150 * MIB, indexSize: 33.5 * MIB } }).property('dbsize')).toMatchObject({ display: '36%', status: 'current', dataPercentage: 36 });
    expect(sandbox({ DBSIZE_IN_MIB: 'true' }, { dbstats: { dataSize: 350 * MIB } }).property('dbsize')).toMatchObject({ display: '350MiB', status: 'warn' });
    expect(sandbox({}, {}).property('dbsize')).toMatchObject({ display: '0%', dataPercentage: 0 });
  });

  it('warns at 60 % and is urgent at 75 % with the reference texts', () => {
    expect(produce(producer, ENV, { dbstats: { dataSize: 350 * MIB } }).notifies).toEqual([
      expect.objectContaining({ level: 1, title: 'Warning Database Size near its limits!', message: 'Database size is 350 MiB out of 496 MiB. Please backup and clean up database!', group: 'Database Size' }),
    ]);
    expect(produce(producer, ENV, { dbstats: { dataSize: 450 * MIB } }).notifies[0]).toMatchObject({ level: 2, title: 'Urgent Database Size near its limits!' });
    expect(produce(producer, { ...ENV, DBSIZE_WARN_PERCENTAGE: '80', DBSIZE_URGENT_PERCENTAGE: '95' }, { dbstats: { dataSize: 350 * MIB } }).notifies).toEqual([]);
  });

  it('is quiet without DBSIZE_ENABLE_ALERTS and when dbsize is disabled', () => {
    expect(produce(producer, {}, { dbstats: { dataSize: 450 * MIB } }).notifies).toEqual([]);
    expect(sandbox({ DISABLE: 'dbsize' }, { dbstats: { dataSize: 450 * MIB } }).property('dbsize')).toBeUndefined();
  });
});
