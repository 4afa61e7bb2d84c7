import { V3_MESSAGES } from '@nightscout/protocol';
import { regexProblem } from '../../storage/store-regex';
import type { DocumentFilter } from '../../storage/stored-document';
import { v3Error } from '../http/v3-error';
import { parseDate } from '../model/dates';

/** Query parameters that are never filters (docs/protocol/api-v3.md §8.1). */
const RESERVED = new Set(['token', 'now', 'sort', 'sort$desc', 'limit', 'skip', 'fields']);

/** A Map: the operator name comes from the client (`sgv$constructor` must not find `Object`). */
const OPERATORS: ReadonlyMap<string, string> = new Map(Object.entries({ eq: '$eq', ne: '$ne', gt: '$gt', gte: '$gte', lt: '$lt', lte: '$lte', in: '$in', nin: '$nin', re: '$regex' }));

const FIELD_AND_OPERATOR = /^(.*)\$([A-Za-z]+)$/;

/** A filter value: number, boolean, 'quoted' string, or a date for the date fields; else the text. */
export function filterValue(field: string, raw: string): unknown {
  let value: unknown = raw;
  if (raw.trim() !== '' && Number.isFinite(Number(raw))) value = Number(raw);
  else if (raw === 'true' || raw === 'false') value = raw === 'true';
  else if (raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'")) value = raw.slice(1, -1);
  if (field === 'date' || field === 'srvModified' || field === 'srvCreated') return parseDate(value)?.ms ?? value;
  if (field === 'created_at') {
    const parsed = parseDate(value);
    return parsed ? new Date(parsed.ms).toISOString() : value;
  }
  return value;
}

/** A `$re` pattern the stores can run, or a 400 naming the parameter. */
function storablePattern(parameter: string, pattern: string): string {
  const problem = regexProblem(pattern);
  if (problem) throw v3Error(400, `Parameter ${parameter}: ${problem}`);
  return pattern;
}

/** Repeated parameters arrive as arrays and `a[b]=c` as objects: the last plain text counts. */
function text(raw: unknown): string {
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  return typeof value === 'string' ? value : String(value);
}

/**
 * The MongoDB filter of a SEARCH query: every `field[$op]=value` parameter AND-ed with the others,
 * plus `isValid != false`. Unlike the reference, two operators on one field both apply (a range)
 * and `$in`/`$nin` items are converted like single values, so numbers compare as numbers.
 */
export function parseFilter(query: Record<string, unknown>): DocumentFilter {
  const conditions: DocumentFilter[] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name)) continue;
    const match = FIELD_AND_OPERATOR.exec(name);
    const [field, op] = match ? [match[1], match[2]] : [name, 'eq'];
    const operator = OPERATORS.get(op);
    if (!operator) throw v3Error(400, V3_MESSAGES.unsupportedOperator(op));
    // A field named like an operator would be executed by MongoDB, not compared.
    if (field === '' || field.startsWith('$')) continue;
    const value = text(raw);
    const operand =
      op === 'in' || op === 'nin' ? value.split('|').map((item) => filterValue(field, item)) : op === 're' ? storablePattern(name, value) : filterValue(field, value);
    conditions.push({ [field]: { [operator]: operand } });
  }
  conditions.push({ isValid: { $ne: false } });
  return { $and: conditions };
}
