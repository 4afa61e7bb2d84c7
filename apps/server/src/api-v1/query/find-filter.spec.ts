import { ObjectId } from 'mongodb';
import { QUERY_RULES } from './collection-rules';
import { MAX_REGEX_LENGTH } from '../../storage/store-regex';
import { DEFAULT_WINDOW_MS, buildFindFilter } from './find-filter';

const NOW = Date.parse('2024-05-05T00:00:00.000Z');
const build = (collection: keyof typeof QUERY_RULES, find: unknown, defaultWindow = true) =>
  buildFindFilter(find, { rules: QUERY_RULES[collection], uuidHandling: true, defaultWindow, now: NOW });

describe('find[...] query language', () => {
  it('adds the 4-day window on the collection date field when the date is not constrained', () => {
    expect(build('entries', undefined)).toEqual({ date: { $gte: NOW - DEFAULT_WINDOW_MS } });
    expect(build('treatments', { eventType: 'Note' })).toEqual({ eventType: 'Note', created_at: { $gte: '2024-05-01T00:00:00.000Z' } });
    expect(build('profile', {})).toEqual({ startDate: { $gte: '2024-05-01T00:00:00.000Z' } });
  });

  it('leaves the window out with a date, dateString or _id constraint, or when asked', () => {
    expect(build('entries', { dateString: { $gte: '2024' } })).toEqual({ dateString: { $gte: '2024' } });
    expect(build('entries', { date: { $gte: '1714564800000' } })).toEqual({ date: { $gte: 1714564800000 } });
    expect(build('treatments', { _id: 'abc' })).toEqual({ _id: 'abc' });
    expect(build('entries', { type: 'sgv' }, false)).toEqual({ type: 'sgv' });
  });

  it('converts dates to the stored form: epoch ms for entries, ISO UTC for the others', () => {
    expect(build('entries', { date: { $gte: '2024-05-01T02:00:00+02:00' } })).toEqual({ date: { $gte: Date.parse('2024-05-01T00:00:00Z') } });
    // An unescaped + arrives as a space; a time without offset is UTC.
    expect(build('treatments', { created_at: { $gte: '2024-05-01T02:00:00 02:00', $lt: '2024-05-02T00:00:00' } })).toEqual({
      created_at: { $gte: '2024-05-01T00:00:00.000Z', $lt: '2024-05-02T00:00:00.000Z' },
    });
    expect(build('devicestatus', { created_at: { $gte: '1714521600000' } })).toEqual({ created_at: { $gte: '2024-05-01T00:00:00.000Z' } });
  });

  it('converts numeric fields per collection and keeps other values as strings', () => {
    expect(build('entries', { sgv: { $gte: '120' }, noise: '1', device: '42', date: '5' })).toEqual({ sgv: { $gte: 120 }, noise: 1, device: '42', date: 5 });
    expect(build('treatments', { insulin: { $gt: '0.5' }, created_at: { $gte: '2024' } })).toMatchObject({ insulin: { $gt: 0.5 } });
    expect(build('devicestatus', { sgv: '5', _id: 'x' })).toEqual({ sgv: '5', _id: 'x' });
  });

  it('turns /pattern/flags into a regular expression on treatment text fields only', () => {
    expect(build('treatments', { notes: '/lunch/i', _id: 'x' })).toEqual({ notes: /lunch/i, _id: 'x' });
    expect(build('entries', { device: '/x/', _id: 'x' })).toEqual({ device: '/x/', _id: 'x' });
  });

  it('handles $in, $nin, $exists and $regex', () => {
    expect(build('entries', { type: { $in: ['sgv', 'mbg'] }, sgv: { $nin: { 0: '1', 1: '2' } }, mbg: { $exists: 'false' }, device: { $regex: '^xDrip' }, _id: 'x' })).toEqual({
      type: { $in: ['sgv', 'mbg'] }, sgv: { $nin: [1, 2] }, mbg: { $exists: false }, device: { $regex: '^xDrip' }, _id: 'x',
    });
  });

  it('maps _id: 24-hex to both stored forms, UUIDs to identifier, operators per value', () => {
    const hex = '0123456789abcdef01234567';
    expect(build('treatments', { _id: hex })).toEqual({ _id: { $in: [new ObjectId(hex), hex] } });
    const uuid = '123e4567-e89b-12d3-a456-426614174000';
    expect(build('treatments', { _id: uuid })).toEqual({ $or: [{ identifier: uuid }, { _id: uuid }] });
    expect(build('treatments', { _id: { $in: [hex, 'other'] } })).toEqual({ _id: { $in: [new ObjectId(hex), hex, 'other'] } });
    expect(build('treatments', { _id: { $ne: 'x' } })).toEqual({ _id: { $nin: ['x'] } });
  });

  it.each([
    ['an operator outside the allowlist', { sgv: { $where: 'sleep(1000)' } }, /operator \$where is not allowed/],
    ['$expr', { sgv: { $expr: {} } }, /not allowed/],
    ['a field starting with $', { $where: '1' }, /not a field name/],
    ['an empty path part', { 'a..b': '1' }, /not a field name/],
    ['a prototype field', JSON.parse('{"__proto__": {"$gt": "1"}}'), /not a field name/],
    ['a prototype path part', { 'sgv.constructor.prototype': '1' }, /not a field name/],
    ['a nested document', { sgv: { a: '1' } }, /operator a is not allowed/],
    ['a regex that is too long', { device: { $regex: 'a'.repeat(MAX_REGEX_LENGTH + 1) } }, /limited to/],
    ['an invalid regex', { device: { $regex: '(' } }, /not a valid regular expression/],
    ['an invalid date', { created_at: { $gte: 'soon' } }, /not a valid date/],
    ['a non-numeric number', { sgv: 'high' }, /must be a number/],
    ['a bad $exists', { sgv: { $exists: 'maybe' } }, /true or false/],
    ['an array value', { type: ['sgv'] }, /must be a value/],
    ['find that is not an object', 'sgv', /find\[field\]=value/],
    ['an _id operator other than $eq $ne $in $nin', { _id: { $gt: 'a' } }, /only \$eq \$ne \$in \$nin/],
  ])('rejects %s', (_name, find, message) => {
    const collection = 'created_at' in (typeof find === 'object' ? find : {}) ? 'treatments' : 'entries';
    expect(() => build(collection, find)).toThrow(expect.objectContaining({ response: expect.objectContaining({ status: 400, description: expect.stringMatching(message) }) }));
  });
});
