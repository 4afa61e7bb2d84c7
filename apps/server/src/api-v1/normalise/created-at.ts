import { parseClientDate, utcOffsetMinutes } from '../common/dates';
import type { ClientDocument } from './client-id';

/**
 * `created_at` as ISO-8601 UTC with milliseconds and the client's offset in `utcOffset`; an
 * `eventTime` takes precedence and is removed; invalid or missing → now (docs/protocol/api-v1.md §6.2).
 */
export function normaliseCreatedAt(doc: ClientDocument, now: number): ClientDocument {
  const { eventTime, ...rest } = doc;
  const source = eventTime ?? rest.created_at;
  const date = parseClientDate(source);
  if (!date) return { ...rest, created_at: new Date(now).toISOString(), utcOffset: 0 };
  const utcOffset = eventTime === undefined && typeof source === 'string' ? utcOffsetMinutes(source) : 0;
  return { ...rest, created_at: date.toISOString(), utcOffset };
}

/** `created_at` kept when present, else now (profile, activity), or always now (food POST). */
export function defaultCreatedAt(doc: ClientDocument, now: number, force = false): ClientDocument {
  return force || doc.created_at === undefined || doc.created_at === '' ? { ...doc, created_at: new Date(now).toISOString() } : doc;
}
