import { isPrototypeKey } from '@nightscout/protocol';
import { regexProblem } from '../../storage/store-regex';
import type { DocumentFilter } from '../../storage/stored-document';
import { parseClientDate, parseDateText, isNumericString } from '../common/dates';
import { idFilter, idForms, isObjectIdHex } from '../common/ids';
import type { QueryRules } from './collection-rules';
import { queryError } from './query-error';

/** The only operators `find[...]` accepts: what real clients send (docs/protocol/api-v1.md V1-W1: the reference passed anything). */
export const ALLOWED_OPERATORS = ['$eq', '$ne', '$gt', '$gte', '$lt', '$lte', '$in', '$nin', '$exists', '$regex'] as const;
export const MAX_FIND_FIELDS = 32;
export const MAX_IN_VALUES = 1000;
export const DEFAULT_WINDOW_MS = 4 * 24 * 60 * 60 * 1000;

/** A plain or dotted field name: no operators, no empty path parts, no part that names a prototype (stored documents have none). */
export const isFieldName = (name: string): boolean =>
  /^[A-Za-z0-9_][A-Za-z0-9_-]*(\.[A-Za-z0-9_-]+)*$/.test(name) && !name.split('.').some(isPrototypeKey);
const REGEX_LITERAL = /^\/(.*)\/([gimsuy]*)$/s;
const OPERATORS: ReadonlySet<string> = new Set(ALLOWED_OPERATORS);

export interface FindFilterOptions {
  rules: QueryRules;
  uuidHandling: boolean;
  /** Add the reference's 4-day window when the query does not constrain the date, `dateString` or `_id`. */
  defaultWindow: boolean;
  now?: number;
}

type Leaf = string | number | boolean;

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Builds the MongoDB filter for `find[...]` (docs/protocol/api-v1.md §4), rejecting anything outside the allowlist. */
export function buildFindFilter(find: unknown, options: FindFilterOptions): DocumentFilter {
  if (find !== undefined && find !== '' && !isPlainObject(find)) throw queryError('find must be given as find[field]=value');
  const fields = Object.entries((find as Record<string, unknown> | undefined) ?? {});
  if (fields.length > MAX_FIND_FIELDS) throw queryError(`find may constrain at most ${MAX_FIND_FIELDS} fields`);
  const filter: DocumentFilter = {};
  for (const [field, raw] of fields) {
    if (!isFieldName(field)) throw queryError(`find[${field}] is not a field name`);
    Object.assign(filter, field === '_id' ? idCondition(raw, options.uuidHandling) : { [field]: condition(field, raw, options.rules) });
  }
  const { rules } = options;
  const constrained = fields.some(([f]) => f === rules.dateField || f === 'dateString' || f === '_id');
  if (options.defaultWindow && !constrained) {
    const since = (options.now ?? Date.now()) - DEFAULT_WINDOW_MS;
    filter[rules.dateField] = { $gte: rules.dateKind === 'epoch' ? since : new Date(since).toISOString() };
  }
  return filter;
}

function condition(field: string, raw: unknown, rules: QueryRules): unknown {
  if (!isPlainObject(raw)) return convertLeaf(field, raw, rules);
  const operators = Object.entries(raw);
  if (operators.length === 0) throw queryError(`find[${field}] is empty`);
  return Object.fromEntries(operators.map(([op, value]) => [op, operand(field, op, value, rules)]));
}

function operand(field: string, op: string, value: unknown, rules: QueryRules): unknown {
  if (!OPERATORS.has(op)) throw queryError(`find[${field}][${op}]: operator ${op} is not allowed (allowed: ${ALLOWED_OPERATORS.join(' ')})`);
  switch (op) {
    case '$in':
    case '$nin':
      return listOf(field, op, value).map((v) => convertLeaf(field, v, rules));
    case '$exists':
      if (value === 'true' || value === '1' || value === true) return true;
      if (value === 'false' || value === '0' || value === false) return false;
      throw queryError(`find[${field}][$exists] must be true or false`);
    case '$regex':
      if (typeof value !== 'string') throw queryError(`find[${field}][$regex] must be a string`);
      compileRegex(`find[${field}][$regex]`, value);
      return value;
    default:
      return convertLeaf(field, value, rules);
  }
}

function listOf(field: string, op: string, value: unknown): unknown[] {
  // The extended query parser turns find[f][$in][0]=a into an object once indices get large.
  const list = Array.isArray(value) ? value : isPlainObject(value) ? Object.values(value) : [value];
  if (list.length > MAX_IN_VALUES) throw queryError(`find[${field}][${op}] may hold at most ${MAX_IN_VALUES} values`);
  return list;
}

function convertLeaf(field: string, value: unknown, rules: QueryRules): Leaf | RegExp {
  if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
    throw queryError(`find[${field}] must be a value or an object of operators`);
  }
  if (field === rules.dateField) return dateValue(field, value, rules);
  if (rules.numericFields.includes(field)) {
    const number = typeof value === 'number' ? value : typeof value === 'string' && isNumericString(value) ? Number(value) : NaN;
    if (!Number.isFinite(number)) throw queryError(`find[${field}] must be a number`);
    return number;
  }
  const literal = typeof value === 'string' && rules.regexFields.includes(field) ? REGEX_LITERAL.exec(value) : null;
  return literal ? compileRegex(`find[${field}]`, literal[1], literal[2]) : value;
}

/** Dates become the stored form: epoch ms for entries, ISO-8601 UTC with ms for the others. */
function dateValue(field: string, value: Leaf, rules: QueryRules): number | string {
  // Unescaped `+` of an offset arrives as a space.
  const text = typeof value === 'string' && !isNumericString(value) ? value.replace(' ', '+') : value;
  const date = typeof text === 'string' && !isNumericString(text) ? parseDateText(text) : parseClientDate(text);
  if (!date || Number.isNaN(date.getTime())) throw queryError(`find[${field}] is not a valid date: ${String(value)}`);
  return rules.dateKind === 'epoch' ? date.getTime() : date.toISOString();
}

/** A pattern the stores can run, or a 400 naming the parameter. */
function compileRegex(parameter: string, pattern: string, flags = ''): RegExp {
  const problem = regexProblem(pattern, flags);
  if (problem) throw queryError(`${parameter}: ${problem}`);
  return new RegExp(pattern, flags.replace(/[gy]/g, ''));
}

/** `find[_id]`: a value (24-hex, UUID, other) or `$eq`/`$ne`/`$in`/`$nin` of values (docs/protocol/api-v1.md §4.4). */
function idCondition(raw: unknown, uuidHandling: boolean): DocumentFilter {
  if (typeof raw === 'string') return idFilter(raw, uuidHandling);
  if (!isPlainObject(raw)) throw queryError('find[_id] must be an id or an object of operators');
  const ids = (op: string, value: unknown) => listOf('_id', op, value).flatMap((v) => {
    if (typeof v !== 'string') throw queryError(`find[_id][${op}] must hold ids`);
    return isObjectIdHex(v) ? idForms(v) : [v];
  });
  const conditions = Object.entries(raw).map(([op, value]) => {
    if (op === '$eq' || op === '$in') return ['$in', ids(op, value)];
    if (op === '$ne' || op === '$nin') return ['$nin', ids(op, value)];
    throw queryError(`find[_id][${op}]: only $eq $ne $in $nin apply to _id`);
  });
  return { _id: Object.fromEntries(conditions) };
}
