import type { ObjectId } from 'mongodb';

/** A document as stored: open, plus the server fields every write sets. */
export interface StoredDocument {
  _id: ObjectId | string;
  identifier?: string;
  srvCreated?: number;
  srvModified?: number;
  isValid?: boolean;
  [field: string]: unknown;
}

/** A MongoDB filter built by a transport from validated input (never raw client operators). */
export type DocumentFilter = Record<string, unknown>;

export interface FindOptions {
  sort?: Record<string, 1 | -1>;
  limit?: number;
  skip?: number;
  projection?: Record<string, 0 | 1>;
}
