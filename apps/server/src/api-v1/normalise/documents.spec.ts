import { ObjectId } from 'mongodb';
import { normaliseDeviceStatus } from './devicestatus';
import { entryDedup, normaliseEntry } from './entries';
import { normaliseDatedDocument, normaliseFood } from './plain-documents';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');

describe('entry normalisation (docs/protocol/api-v1.md §6.1)', () => {
  it('sets sysTime and utcOffset from dateString, rewriting dateString to UTC; date untouched', () => {
    expect(normaliseEntry({ sgv: '199', dateString: '2024-05-01T14:00:00.000+02:00', date: 1 }, NOW, true)).toEqual({
      sgv: '199', date: 1, sysTime: '2024-05-01T12:00:00.000Z', dateString: '2024-05-01T12:00:00.000Z', utcOffset: 120,
    });
  });

  it('falls back on date, then now, without creating dateString or date', () => {
    expect(normaliseEntry({ date: NOW - 60_000 }, NOW, true)).toEqual({ date: NOW - 60_000, sysTime: '2024-05-01T11:59:00.000Z', utcOffset: 0 });
    expect(normaliseEntry({ sgv: 1 }, NOW, true)).toEqual({ sgv: 1, sysTime: '2024-05-01T12:00:00.000Z', utcOffset: 0 });
  });

  it('dedups by _id, else sysTime + type, else the whole document', () => {
    expect(entryDedup({ _id: 'x', type: 'sgv', sysTime: 's' })).toEqual({ _id: 'x' });
    expect(entryDedup({ type: 'sgv', sysTime: 's', sgv: 1 })).toEqual({ type: 'sgv', sysTime: 's' });
    expect(entryDedup({ sysTime: 's', sgv: 1 })).toEqual({ sysTime: 's', sgv: 1 });
  });
});

describe('device status, profile, food and activity normalisation', () => {
  it('truncates openaps predictions to PREDICTIONS_MAX_SIZE (0: whole) and normalises created_at', () => {
    const long = Array.from({ length: 400 }, () => 100);
    const doc = { created_at: '2024-05-01T14:00:00+02:00', openaps: { enacted: { predBGs: { COB: long, other: long } } } };
    const predictions = (max: number) => (normaliseDeviceStatus(doc, NOW, max).openaps as { enacted: { predBGs: Record<string, unknown[]> } }).enacted.predBGs;
    expect(normaliseDeviceStatus(doc, NOW, 288)).toMatchObject({ created_at: '2024-05-01T12:00:00.000Z', utcOffset: 120 });
    expect(predictions(288).COB).toHaveLength(288);
    expect(predictions(288).other).toHaveLength(400);
    expect(predictions(48).COB).toHaveLength(48);
    expect(predictions(0).COB).toHaveLength(400);
  });

  it('requires 24-hex ids, stored as ObjectId', () => {
    expect(normaliseDatedDocument({ _id: '0123456789abcdef01234567' }, NOW, true)._id).toBeInstanceOf(ObjectId);
    expect(() => normaliseDeviceStatus({ _id: 'abc' }, NOW, 288)).toThrow(expect.objectContaining({ response: expect.objectContaining({ message: 'Invalid _id format' }) }));
  });

  it('forces created_at to now on food POST, keeps it on PUT, and makes hidden a boolean', () => {
    expect(normaliseFood({ created_at: 'x', hidden: 'false' }, NOW, false)).toEqual({ created_at: '2024-05-01T12:00:00.000Z', hidden: false });
    expect(normaliseFood({ created_at: 'x', hidden: 'true' }, NOW, true)).toEqual({ created_at: 'x', hidden: true });
    expect(normaliseDatedDocument({}, NOW, false)).toEqual({ created_at: '2024-05-01T12:00:00.000Z' });
  });
});
