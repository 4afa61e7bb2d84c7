import type { StorageDocument } from '@nightscout/protocol';
import type { StoredDocument } from '../../storage/stored-document';
import { idString } from '../../writes/server-fields';
import { toWire } from '../socket-handler';

/** A stored document as v3 shows it: no `_id`, `identifier` always set (legacy documents use the `_id` hex). */
export function toStorageDocument(doc: StoredDocument): StorageDocument {
  const { _id, ...rest } = doc;
  return toWire({ ...rest, identifier: doc.identifier ?? idString(_id), srvModified: doc.srvModified ?? 0 }) as StorageDocument;
}
