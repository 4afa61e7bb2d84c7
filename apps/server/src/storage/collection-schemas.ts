import type { CollectionName } from '@nightscout/protocol';
import { Schema, type SchemaOptions } from 'mongoose';
import type { StoredDocument } from './stored-document';

type IndexSpec = Record<string, 1 | -1>;

/** Plain indexes per collection: the reference's (docs/protocol/api-v1.md §6) plus what v3 history reads. */
export const COLLECTION_INDEXES: Readonly<Record<CollectionName, readonly IndexSpec[]>> = {
  entries: [{ date: 1 }, { type: 1 }, { sgv: 1 }, { mbg: 1 }, { sysTime: 1 }, { dateString: 1 }, { type: 1, date: -1, dateString: 1 }],
  treatments: [
    { created_at: 1 }, { eventType: 1 }, { insulin: 1 }, { carbs: 1 }, { glucose: 1 }, { enteredBy: 1 },
    { 'boluscalc.foods._id': 1 }, { notes: 1 }, { NSCLIENT_ID: 1 }, { percent: 1 }, { absolute: 1 }, { duration: 1 },
    { eventType: 1, duration: 1, created_at: 1 },
  ],
  devicestatus: [{ created_at: 1 }, { NSCLIENT_ID: 1 }],
  profile: [{ startDate: 1 }, { created_at: 1 }],
  food: [{ type: 1 }, { position: 1 }, { hidden: 1 }, { created_at: 1 }],
  activity: [{ created_at: 1 }],
  settings: [],
};

/** Every collection: v3 history and soft delete. `identifier` is indexed separately (unique). */
export const SERVER_FIELD_INDEXES: readonly IndexSpec[] = [{ srvModified: 1 }, { isValid: 1 }];

/** The unique index on `identifier`; DocumentStore falls back to a plain one where old data holds duplicates. */
export const IDENTIFIER_INDEX_NAME = 'identifier_unique';
export const IDENTIFIER_INDEX = { fields: { identifier: 1 }, options: { unique: true, sparse: true, name: IDENTIFIER_INDEX_NAME } } as const;

/**
 * Options every schema of this server shares: collections and indexes are created when the server
 * chooses (StoreRegistry builds them in the background), never when Mongoose compiles a model; no `__v`.
 */
export const SCHEMA_OPTIONS = { autoIndex: false, autoCreate: false, versionKey: false, id: false } satisfies SchemaOptions;

/**
 * The schema of one Nightscout collection, stored under `physicalName` (configurable, e.g.
 * `ENTRIES_COLLECTION`). Documents are open: clients store any shape and read it back as sent, so
 * only `_id` is declared, as Mixed (a 24-hex string `_id` a client sent stays a string), and neither
 * documents nor query values are cast, dropped or minimised (`strict`, `strictQuery` off).
 */
export function collectionSchema(collection: CollectionName, physicalName: string): Schema<StoredDocument> {
  const schema = new Schema<StoredDocument>(
    { _id: Schema.Types.Mixed },
    { ...SCHEMA_OPTIONS, collection: physicalName, strict: false, strictQuery: false, minimize: false },
  );
  for (const fields of [...COLLECTION_INDEXES[collection], ...SERVER_FIELD_INDEXES]) schema.index(fields);
  schema.index(IDENTIFIER_INDEX.fields, IDENTIFIER_INDEX.options);
  return schema;
}
