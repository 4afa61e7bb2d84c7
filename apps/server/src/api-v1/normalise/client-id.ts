import { ObjectId } from 'mongodb';
import { badRequest } from '../../http/nightscout-error';
import { isObjectIdHex } from '../common/ids';

export type ClientDocument = Record<string, unknown>;

/**
 * Entries and treatments: a 24-hex `_id` is stored as an ObjectId; any other `_id` is dropped and,
 * with UUID handling, kept as `identifier` (docs/protocol/api-v1.md §6.1). Loop and xDrip+ send UUIDs there.
 */
export function adoptClientId(doc: ClientDocument, uuidHandling: boolean): ClientDocument {
  const { _id, ...rest } = doc;
  if (isObjectIdHex(_id)) return { ...rest, _id: new ObjectId(_id) };
  if (uuidHandling && typeof _id === 'string' && _id && !rest.identifier) return { ...rest, identifier: _id };
  return rest;
}

/**
 * Device status, profile, food and activity: an `_id` must be a 24-hex string (else the reference's
 * 400). It is stored as an ObjectId in every collection, so a later delete by id finds it (docs/protocol/api-v1.md V1-W6).
 */
export function requireHexId(doc: ClientDocument, forUpdate = false): ClientDocument {
  return doc._id === undefined ? doc : { ...doc, _id: new ObjectId(hexId(doc._id, forUpdate)) };
}

/** A 24-hex id from a body or path, else the reference's 400 `Invalid _id format`. */
export function hexId(id: unknown, forUpdate = true): string {
  if (isObjectIdHex(id)) return id;
  const rule = forUpdate ? 'Must be 24-character hex string.' : 'Must be 24-character hex string or omit for auto-generation.';
  throw badRequest('Invalid _id format', `${rule} Got: ${String(id)}`);
}
