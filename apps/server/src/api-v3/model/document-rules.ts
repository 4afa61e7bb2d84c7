import { V3_MESSAGES, documentProblem } from '@nightscout/protocol';
import { v3Error } from '../http/v3-error';
import { MIN_DATE_MS } from './dates';

/** Fields a client may repeat but never change (docs/protocol/api-v3.md §7.4), in the order they are checked. */
const IMMUTABLE_FIELDS = ['identifier', 'date', 'utcOffset', 'eventType', 'device', 'app', 'srvCreated', 'subject', 'srvModified', 'modifiedBy', 'isValid'];

const MAX_UTC_OFFSET = 1440;

type Doc = Record<string, unknown>;

const RULES: readonly [field: string, valid: (value: unknown) => boolean, message: string][] = [
  ['date', (v) => typeof v === 'number' && v > MIN_DATE_MS, V3_MESSAGES.badDate],
  ['utcOffset', (v) => typeof v === 'number' && v >= -MAX_UTC_OFFSET && v <= MAX_UTC_OFFSET, V3_MESSAGES.badUtcOffset],
  ['app', (v) => typeof v === 'string' && v.trim() !== '', V3_MESSAGES.badApp],
];

/**
 * 400 for the first of date, utcOffset, app that is invalid (a PATCH checks only those present),
 * then for anything the database must never receive: operator, dotted or prototype keys, and
 * sizes past the protocol's bounds (the reference stored whatever it was sent).
 */
export function assertValidFields(doc: Doc, onlyPresent = false): void {
  for (const [field, valid, message] of RULES) {
    if (onlyPresent && !Object.hasOwn(doc, field)) continue;
    if (!valid(doc[field])) throw v3Error(400, message);
  }
  const problem = documentProblem(doc);
  if (problem) throw v3Error(400, `${V3_MESSAGES.badBody}: ${problem}`);
}

/** An identifier the client sent must be a non-blank string (an absent one is computed). */
export function assertValidIdentifier(identifier: unknown): void {
  if (typeof identifier !== 'string' || identifier.trim() === '') throw v3Error(400, V3_MESSAGES.badIdentifier);
}

/** 400 when the request changes a field the client cannot change; none is checked on a deleted document. */
export function assertImmutableFieldsKept(request: Doc, stored: Doc, options: { exceptIdentifier?: boolean } = {}): void {
  if (stored.isValid === false) return;
  for (const field of IMMUTABLE_FIELDS) {
    if (options.exceptIdentifier && field === 'identifier') continue;
    if (Object.hasOwn(request, field) && request[field] !== stored[field]) throw v3Error(400, V3_MESSAGES.immutableField(field));
  }
}

/** 422 for a document the client marked read-only when it created it. */
export function assertWritable(stored: Doc): void {
  if (stored.isReadOnly === true || stored.readOnly === true || stored.readonly === true) throw v3Error(422, V3_MESSAGES.readOnly);
}
