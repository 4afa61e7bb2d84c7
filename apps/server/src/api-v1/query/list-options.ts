import type { FindOptions } from '../../storage/stored-document';
import { isFieldName } from './find-filter';
import { queryError } from './query-error';

export const MAX_COUNT = 100_000;

/** `count=N`: a positive integer (the reference's `parseInt` let `NaN` reach the database). */
export function parseCount(raw: unknown, fallback: number | undefined): number | undefined {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || Number(raw) < 1 || Number(raw) > MAX_COUNT) {
    throw queryError(`count must be an integer from 1 to ${MAX_COUNT}`);
  }
  return Number(raw);
}

/** `sort[field]=1|-1`; without one, `fallback`. */
export function parseSort(raw: unknown, fallback: Record<string, 1 | -1>): Record<string, 1 | -1> {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw queryError('sort must be given as sort[field]=1 or -1');
  const sort: Record<string, 1 | -1> = {};
  for (const [field, direction] of Object.entries(raw)) {
    if (!isFieldName(field)) throw queryError(`sort[${field}] is not a field name`);
    if (direction !== '1' && direction !== '-1') throw queryError(`sort[${field}] must be 1 or -1`);
    sort[field] = direction === '1' ? 1 : -1;
  }
  return sort;
}

/** Find options of a v1 list request. */
export function listOptions(query: Record<string, unknown>, defaults: { count?: number; sort: Record<string, 1 | -1> }): FindOptions {
  const limit = parseCount(query.count, defaults.count);
  return { sort: parseSort(query.sort, defaults.sort), ...(limit === undefined ? {} : { limit }) };
}
