import { parseDate } from './dates';

/**
 * CREATE/UPDATE date normalisation (docs/protocol/api-v3.md §7.2): `date` becomes epoch ms, a missing
 * `utcOffset` is taken from the date, `created_at` is rewritten from `date` (or removed when the
 * created_at fallback is off). A body without a usable date is returned unchanged.
 */
export function normaliseDates(body: Record<string, unknown>, createdAtFallback: boolean): Record<string, unknown> {
  const candidates = createdAtFallback ? [body.date, body.created_at] : [body.date];
  const parsed = candidates.map(parseDate).find((p) => p !== undefined);
  const doc = { ...body };
  if (!createdAtFallback) delete doc.created_at;
  if (!parsed) return doc;
  doc.date = parsed.ms;
  if (doc.utcOffset === undefined) doc.utcOffset = parsed.utcOffset;
  if (createdAtFallback) doc.created_at = new Date(parsed.ms).toISOString();
  return doc;
}
