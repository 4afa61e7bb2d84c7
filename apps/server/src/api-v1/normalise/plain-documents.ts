import { defaultCreatedAt } from './created-at';
import { requireHexId, type ClientDocument } from './client-id';

/**
 * The web food editor sends `hidden` as the string "true"/"false"; it is stored as a boolean so the
 * protocol's document rules accept it (quickpick queries match both forms).
 */
function hiddenAsBoolean(doc: ClientDocument): ClientDocument {
  return doc.hidden === 'true' || doc.hidden === 'false' ? { ...doc, hidden: doc.hidden === 'true' } : doc;
}

/** Food POST forces `created_at` to now; PUT keeps a given one (docs/protocol/api-v1.md §5.5). */
export const normaliseFood = (doc: ClientDocument, now: number, forUpdate: boolean): ClientDocument =>
  hiddenAsBoolean(defaultCreatedAt(requireHexId(doc, forUpdate), now, !forUpdate));

/** Profile and activity: `_id` checked, `created_at` defaults to now (docs/protocol/api-v1.md §6.4). */
export const normaliseDatedDocument = (doc: ClientDocument, now: number, forUpdate: boolean): ClientDocument =>
  defaultCreatedAt(requireHexId(doc, forUpdate), now);
