import type { HttpException } from '@nestjs/common';
import { filterValue, parseFilter } from './filter';
import { parseLimit, parseSkip, parseSort } from './paging';
import { parseFields, project } from './projection';

const message = (check: () => unknown) => {
  try {
    check();
    return undefined;
  } catch (error) {
    return ((error as HttpException).getResponse() as { message: string }).message;
  }
};

describe('SEARCH query parsing (spec §8.1)', () => {
  it('converts values: numbers, booleans, quoted strings, dates', () => {
    expect(filterValue('sgv', '120')).toBe(120);
    expect(filterValue('x', '1e3')).toBe(1000);
    expect(filterValue('x', 'true')).toBe(true);
    expect(filterValue('x', "'123'")).toBe('123');
    expect(filterValue('date', '1700000000')).toBe(1700000000000);
    expect(filterValue('date', '2023-11-14T22:13:20Z')).toBe(1700000000000);
    expect(filterValue('created_at', '1700000000000')).toBe('2023-11-14T22:13:20.000Z');
    expect(filterValue('type', 'sgv')).toBe('sgv');
  });

  it('combines two operators on one field and excludes deleted documents', () => {
    expect(parseFilter({ 'date$gte': '1700000000000', 'date$lte': '1700000100000', type: 'sgv', limit: '5', token: 'x', now: '1' })).toEqual({
      $and: [{ date: { $gte: 1700000000000 } }, { date: { $lte: 1700000100000 } }, { type: { $eq: 'sgv' } }, { isValid: { $ne: false } }],
    });
  });

  it('converts $in items like single values, so numbers stay numbers', () => {
    expect(parseFilter({ 'sgv$in': '100|120', 'type$nin': 'mbg|cal' }).$and).toEqual([
      { sgv: { $in: [100, 120] } },
      { type: { $nin: ['mbg', 'cal'] } },
      { isValid: { $ne: false } },
    ]);
  });

  it('splits on the last $ and rejects unknown operators', () => {
    expect(parseFilter({ 'a$b$gt': '1' }).$and).toContainEqual({ a$b: { $gt: 1 } });
    expect(parseFilter({ 'notes$re': 'bolus.*' }).$and).toContainEqual({ notes: { $regex: 'bolus.*' } });
    expect(message(() => parseFilter({ 'sgv$exists': '1' }))).toBe('Unsupported filter operator exists');
  });

  it('reads operator and sort names as names, not as prototype properties', () => {
    for (const op of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(message(() => parseFilter({ [`sgv$${op}`]: '1' }))).toBe(`Unsupported filter operator ${op}`);
    }
    expect(Object.entries(parseSort({ sort: 'constructor' }))).toEqual([['constructor', 1], ['identifier', 1], ['created_at', 1], ['date', 1]]);
    expect(Object.entries(parseSort({ 'sort$desc': '__proto__' }))[0]).toEqual(['__proto__', -1]);
    expect(Object.getPrototypeOf(parseSort({ sort: '__proto__' }))).toBe(Object.prototype);
  });

  it('never passes an operator as a field name', () => {
    expect(parseFilter({ '$where$eq': '1' })).toEqual({ $and: [{ isValid: { $ne: false } }] });
    expect(message(() => parseFilter({ $where: '1' }))).toBe('Unsupported filter operator where');
  });

  it('sorts by the field, then identifier, created_at, date in one direction', () => {
    expect(parseSort({})).toEqual({ identifier: 1, created_at: 1, date: 1 });
    expect(Object.entries(parseSort({ 'sort$desc': 'date' }))).toEqual([['date', -1], ['identifier', -1], ['created_at', -1]]);
    expect(message(() => parseSort({ sort: 'date', 'sort$desc': 'date' }))).toBe('Parameters sort and sort_desc cannot be combined');
  });

  it('checks limit and skip', () => {
    expect(parseLimit(undefined, 1000)).toBe(1000);
    expect(parseLimit('10.7', 1000)).toBe(10);
    for (const bad of ['0', '-1', 'abc', '1001', '0.5']) expect(message(() => parseLimit(bad, 1000))).toBe('Parameter limit out of tolerance');
    expect(parseSkip(undefined)).toBe(0);
    expect(parseSkip('20')).toBe(20);
    for (const bad of ['-1', 'x', '']) expect(message(() => parseSkip(bad))).toBe('Parameter skip out of tolerance');
  });

  it('projects the listed fields only', () => {
    expect(parseFields('_all')).toBeUndefined();
    expect(project({ a: 1, b: 2, identifier: 'x' }, parseFields('b,identifier'))).toEqual({ b: 2, identifier: 'x' });
  });
});
