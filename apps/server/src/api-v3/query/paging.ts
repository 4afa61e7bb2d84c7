import { V3_MESSAGES } from '@nightscout/protocol';
import { v3Error } from '../http/v3-error';

export type SortSpec = Record<string, 1 | -1>;

/** Fields the reference appends to every sort, so that ties have a stable order. */
const TIEBREAKERS = ['identifier', 'created_at', 'date'];

/** `sort=<field>` or `sort$desc=<field>`, then the tie-breakers in the same direction. */
export function parseSort(query: Record<string, unknown>): SortSpec {
  const ascending = query.sort;
  const descending = query['sort$desc'];
  if (ascending !== undefined && descending !== undefined) throw v3Error(400, V3_MESSAGES.sortCombined);
  const direction = descending !== undefined ? -1 : 1;
  const field = typeof (ascending ?? descending) === 'string' ? String(ascending ?? descending) : undefined;
  // Built from entries, not by assignment: a field named `constructor` or `__proto__` is a key like any other.
  const fields = new Set([field, ...TIEBREAKERS].filter((f): f is string => !!f && !f.startsWith('$')));
  return Object.fromEntries([...fields].map((f) => [f, direction]));
}

/** `limit`: 1 … max, default max; a fraction is truncated and must still be at least 1. */
export function parseLimit(raw: unknown, max: number): number {
  if (raw === undefined) return max;
  const n = Math.trunc(Number(raw));
  if (typeof raw !== 'string' || !Number.isFinite(n) || n < 1 || n > max) throw v3Error(400, V3_MESSAGES.badLimit);
  return n;
}

/** `skip`: 0 or more, default 0. */
export function parseSkip(raw: unknown): number {
  if (raw === undefined) return 0;
  const n = Math.trunc(Number(raw));
  if (typeof raw !== 'string' || raw.trim() === '' || !Number.isFinite(n) || n < 0) throw v3Error(400, V3_MESSAGES.badSkip);
  return n;
}
