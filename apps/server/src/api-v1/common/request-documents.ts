import { MAX_DOCUMENTS_PER_WRITE, validateDocument, type V1CollectionName } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import { badRequest, nightscoutError } from '../../http/nightscout-error';
import type { ClientDocument } from '../normalise/client-id';

/** The documents of a POST/PUT body: one object or an array of objects (docs/protocol/api-v1.md V1-Q7). */
export function documentsOf(body: unknown): ClientDocument[] {
  const list = Array.isArray(body) ? body : [body];
  if (list.length > MAX_DOCUMENTS_PER_WRITE) {
    throw nightscoutError(413, 'Too many documents', `at most ${MAX_DOCUMENTS_PER_WRITE} documents per request, got ${list.length}: send them in batches`);
  }
  if (list.some((d) => !isDocument(d))) throw badRequest('Bad request body', 'expected a document or an array of documents, none empty');
  return list as ClientDocument[];
}

/** A non-empty object: an empty body parses to `{}`, which is no document to store. */
const isDocument = (d: unknown): d is ClientDocument => typeof d === 'object' && d !== null && !Array.isArray(d) && Object.keys(d).length > 0;

/** One document of a PUT body. */
export function documentOf(body: unknown): ClientDocument {
  if (!isDocument(body)) throw badRequest('Bad request body', 'expected one non-empty document');
  return body as ClientDocument;
}

/** Rejects documents the protocol cannot store (operator keys, wrong types, sizes) before any is written. */
export function validated(collection: V1CollectionName, docs: ClientDocument[]): ClientDocument[] {
  docs.forEach((doc, index) => {
    // Normalisation may already have made a 24-hex `_id` an ObjectId; the rules are about what the client sent.
    const problems = validateDocument(collection, doc._id instanceof ObjectId ? { ...doc, _id: doc._id.toHexString() } : doc);
    if (problems.length > 0) throw badRequest('Bad request body', `${docs.length > 1 ? `document ${index}: ` : ''}${problems.join('; ')}`);
  });
  return docs;
}
