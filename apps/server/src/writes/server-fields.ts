import { ObjectId } from 'mongodb';
import type { DocumentStore } from '../storage/document-store';
import type { StoredDocument } from '../storage/stored-document';

/**
 * Server-managed fields every write sets, whatever its entry point, so that v3 history and the
 * `/storage` channel see v1 and legacy-socket writes too (the reference does not stamp them).
 * `srvCreated`/`srvModified` a client sends are replaced.
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
    identifier: typeof rest.identifier === 'string' && rest.identifier ? rest.identifier : ownIdentifier(existing),
    srvCreated: existing.srvCreated ?? now,
    srvModified: now,
  };
}

/*
 * Identifiers are unique, but clients send back documents they received (the legacy web UI copies
 * a treatment to move its carbs, uploaders re-post downloads): a client `identifier` that another
 * stored document holds names that document, not the one being written, so the write goes on
 * without it (the reference, without a unique identifier, stored both).
 */

const ownIdentifier = (doc: StoredDocument): string => doc.identifier ?? idString(doc._id);

/** A stamped new document addressed by its own `_id` instead of the client's identifier. */
export const withOwnIdentifier = (doc: StoredDocument): StoredDocument => ({ ...doc, identifier: idString(doc._id) });

/** New documents whose client identifier a stored document (or an earlier one of the batch) holds get their own. */
export async function withFreeIdentifiers(store: DocumentStore, docs: StoredDocument[]): Promise<StoredDocument[]> {
  const claimed = docs.filter((doc) => doc.identifier !== idString(doc._id)).map((doc) => doc.identifier!);
  if (claimed.length === 0) return docs;
  const holders = await Promise.all([...new Set(claimed)].map((identifier) => store.findDuplicate({ identifier })));
  const held = new Set(holders.filter((d): d is StoredDocument => d !== null).map(ownIdentifier));
  return docs.map((doc) => {
    if (doc.identifier === idString(doc._id)) return doc;
    if (held.has(doc.identifier!)) return withOwnIdentifier(doc);
    held.add(doc.identifier!);
    return doc;
  });
}

/** A replacement keeps the stored document's identifier when the client's belongs to another document. */
export async function withFreeReplacementIdentifier<D extends Omit<StoredDocument, '_id'>>(store: DocumentStore, replacement: D, existing: StoredDocument): Promise<D> {
  const own = ownIdentifier(existing);
  if (replacement.identifier === own) return replacement;
  const holder = typeof replacement.identifier === 'string' ? await store.findDuplicate({ identifier: replacement.identifier }) : null;
  return holder && idString(holder._id) !== idString(existing._id) ? { ...replacement, identifier: own } : replacement;
}
