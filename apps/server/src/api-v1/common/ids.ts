import { ObjectId } from 'mongodb';
import type { DocumentFilter } from '../../storage/stored-document';

const OBJECT_ID = /^[0-9a-f]{24}$/i;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export const isObjectIdHex = (value: unknown): value is string => typeof value === 'string' && OBJECT_ID.test(value);
export const isUuid = (value: unknown): value is string => typeof value === 'string' && UUID.test(value);

/**
 * Both stored forms of a 24-hex id: documents written by the reference keep client-supplied ids
 * as strings in some collections (docs/protocol/api-v1.md V1-W6), so a lookup must match either.
 */
export const idForms = (hex: string): [ObjectId, string] => [new ObjectId(hex), hex];

/** The filter for one id given in a path or in `find[_id]` (docs/protocol/api-v1.md §4.4). */
export function idFilter(id: string, uuidHandling: boolean): DocumentFilter {
  if (isObjectIdHex(id)) return { _id: { $in: idForms(id) } };
  if (uuidHandling && isUuid(id)) return { $or: [{ identifier: id }, { _id: id }] };
  return { _id: id };
}
