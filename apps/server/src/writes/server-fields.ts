import { ObjectId } from 'mongodb';
import type { StoredDocument } from '../storage/stored-document';

/**
 * Server-managed fields every write sets, whatever its entry point, so that v3 history and the
 * `/storage` channel see v1 and legacy-socket writes too (the reference does not stamp them).
 */
export function stampNew(doc: Record<string, unknown>, now: number): StoredDocument {
  const _id = (doc._id as StoredDocument['_id'] | undefined) ?? new ObjectId();
  // Documents without an identifier are addressed by their _id, as v3 does for legacy documents.
  const identifier = typeof doc.identifier === 'string' && doc.identifier ? doc.identifier : idString(_id);
  return { ...doc, _id, identifier, srvCreated: now, srvModified: now };
}

export const idString = (id: StoredDocument['_id']): string => (typeof id === 'string' ? id : id.toHexString());

/** Fields a client cannot set through a replace: the server keeps the stored values. */
export function stampReplacement(doc: Record<string, unknown>, existing: StoredDocument, now: number): Omit<StoredDocument, '_id'> {
  const { _id: _ignored, ...rest } = doc;
  return {
    ...rest,
    identifier: typeof rest.identifier === 'string' && rest.identifier ? rest.identifier : (existing.identifier ?? idString(existing._id)),
    srvCreated: existing.srvCreated ?? now,
    srvModified: now,
  };
}
