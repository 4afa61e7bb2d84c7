import type { DocumentFilter } from '../../storage/stored-document';
import { parseClientDate, parseDateText, utcOffsetMinutes } from '../common/dates';
import { adoptClientId, type ClientDocument } from './client-id';

/**
 * Entry time fields (docs/protocol/api-v1.md §6.1): `sysTime` is the reading's instant in UTC, from
 * `dateString` (keeping its offset in `utcOffset`), else `date`, else now; a `dateString` is
 * rewritten to `sysTime`. `date` is left as sent. Numbers are not coerced, as in the reference.
 */
export function normaliseEntry(doc: ClientDocument, now: number, uuidHandling: boolean): ClientDocument {
  const entry = adoptClientId(doc, uuidHandling);
  const fromText = typeof entry.dateString === 'string' ? parseDateText(entry.dateString) : undefined;
  const instant = fromText ?? parseClientDate(entry.date) ?? new Date(now);
  const sysTime = instant.toISOString();
  const utcOffset = fromText ? utcOffsetMinutes(entry.dateString as string) : 0;
  return { ...entry, sysTime, utcOffset, ...(fromText ? { dateString: sysTime } : {}) };
}

/** One reading per timestamp and type, whatever the uploader; a client `_id` names its own document. */
export function entryDedup(entry: ClientDocument): DocumentFilter {
  if (entry._id !== undefined) return { _id: entry._id };
  if (entry.type !== undefined) return { sysTime: entry.sysTime, type: entry.type };
  return { ...entry };
}
