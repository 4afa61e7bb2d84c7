import { MIN_DATE_MS, parseDate } from './dates';
import { normaliseDates } from './normalise-dates';

describe('parseDate (spec §7.2)', () => {
  it('reads ISO text with its offset, including a comma fraction', () => {
    expect(parseDate('2019-06-10T08:07:08,576+02:00')).toEqual({ ms: 1560146828576, utcOffset: 120 });
    expect(parseDate('2023-11-14T22:13:20.000Z')).toEqual({ ms: 1700000000000, utcOffset: 0 });
    expect(parseDate('2023-11-14T23:13:20-0100')?.ms).toBe(1700007200000);
  });

  it('reads epoch ms, epoch seconds and numeric strings', () => {
    expect(parseDate(1700000000000)?.ms).toBe(1700000000000);
    expect(parseDate(1525383610)?.ms).toBe(1525383610000);
    expect(parseDate('1700000000000')?.ms).toBe(1700000000000);
  });

  it('reads RFC-2822 text', () => {
    expect(parseDate('Tue, 14 Nov 2023 22:13:20 GMT')).toEqual({ ms: 1700000000000, utcOffset: 0 });
    expect(parseDate('Tue, 14 Nov 2023 23:13:20 +0100')).toEqual({ ms: 1700000000000, utcOffset: 60 });
  });

  it('rejects falsy values, dates before 2000 and garbage', () => {
    for (const bad of [0, '0', '', null, undefined, 1, '1999-12-31T23:59:59Z', 'yesterday', {}]) expect(parseDate(bad)).toBeUndefined();
    expect(parseDate(MIN_DATE_MS)?.ms).toBe(MIN_DATE_MS);
  });
});

describe('normaliseDates', () => {
  it('sets date in ms, utcOffset from the text and created_at from date', () => {
    expect(normaliseDates({ date: '2019-06-10T08:07:08,576+02:00', created_at: 'whatever' }, true)).toEqual({
      date: 1560146828576,
      utcOffset: 120,
      created_at: '2019-06-10T06:07:08.576Z',
    });
  });

  it('falls back on created_at, keeps a client utcOffset even when null', () => {
    expect(normaliseDates({ created_at: '2023-11-14T22:13:20Z', utcOffset: null }, true)).toEqual({
      date: 1700000000000,
      utcOffset: null,
      created_at: '2023-11-14T22:13:20.000Z',
    });
  });

  it('ignores and removes created_at when the fallback is off', () => {
    expect(normaliseDates({ created_at: '2023-11-14T22:13:20Z', app: 'x' }, false)).toEqual({ app: 'x' });
  });

  it('leaves a body without a usable date unchanged', () => {
    expect(normaliseDates({ date: 'soon', app: 'x' }, true)).toEqual({ date: 'soon', app: 'x' });
  });
});
