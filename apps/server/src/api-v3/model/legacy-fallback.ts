import { COLLECTION_DATES, type V3CollectionName } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { idString } from '../../writes/server-fields';
import { parseDate } from './dates';

const OBJECT_ID_HEX = /^[0-9a-f]{24}$/i;

/**
 * Documents stored without an `identifier` (written by the reference's v1 API or directly), or
 * with the `_id` hex this server's write path gives such documents: they are "legacy" documents
 * (docs/protocol/api-v3.md §12), addressed by `_id` and matched by the fallback deduplication.
 */
const LEGACY = { $or: [{ identifier: { $exists: false } }, { identifier: { $regex: '^[0-9a-fA-F]{24}$' } }] };

const byObjectId = (identifier: string): DocumentFilter[] =>
  OBJECT_ID_HEX.test(identifier) ? [{ _id: new ObjectId(identifier) }, { _id: identifier }] : [];

/** READ/DELETE/PATCH/PUT target: by identifier, or by `_id` for a 24-hex identifier. */
export const findOneFilter = (identifier: string): DocumentFilter => ({ $or: [{ identifier }, ...byObjectId(identifier)] });

/** Sort that prefers a document carrying the identifier over a legacy one with that `_id`. */
export const IDENTIFIED_FIRST = { identifier: -1 } as const;

/** The existence check of PUT and PATCH: by identifier, or by `_id` when the document has none. */
export const identifyingFilter = (identifier: string): DocumentFilter => ({
  $or: [{ identifier }, ...byObjectId(identifier).map((f) => ({ ...f, identifier: { $exists: false } }))],
});

/**
 * CREATE's duplicate check: the identifying filter, plus (when enabled) the collection's fallback
 * fields for a legacy document, when the new document has all of them.
 */
export function dedupFilter(collection: V3CollectionName, doc: Record<string, unknown>, identifier: string, fallbackEnabled: boolean): DocumentFilter {
  const filter = identifyingFilter(identifier) as { $or: DocumentFilter[] };
  const fields = fallbackEnabled ? COLLECTION_DATES[collection].dedupFallback : [];
  if (fields.length > 0 && fields.every((f) => doc[f] !== undefined)) {
    filter.$or.push({ $and: [Object.fromEntries(fields.map((f) => [f, doc[f]])), LEGACY] });
  }
  return filter;
}

/** The identifier a client sees: the stored one, else the `_id` hex. */
export const identifierOf = (doc: StoredDocument): string => doc.identifier ?? idString(doc._id);

/**
 * A stored document as v3 shows it: without `_id`, with an identifier, and with `srvModified`/
 * `srvCreated` taken from the collection's date field when the document was stored without them.
 */
export function toV3Document(collection: V3CollectionName, stored: StoredDocument): Record<string, unknown> {
  const { _id, ...doc } = stored;
  doc.identifier = identifierOf(stored);
  const field = COLLECTION_DATES[collection].fallbackDate;
  if (doc.srvModified === undefined && field) {
    const fallback = parseDate(doc[field])?.ms;
    if (fallback !== undefined) {
      doc.srvModified = fallback;
      doc.srvCreated ??= fallback;
    }
  }
  return doc;
}
