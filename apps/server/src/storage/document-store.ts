import { Logger } from '@nestjs/common';
import type { CollectionName } from '@nightscout/protocol';
import type { Model } from 'mongoose';
import { IDENTIFIER_INDEX } from './collection-schemas';
import type { DedupIndex } from './dedup-index';
import type { DocumentFilter, FindOptions, StoredDocument } from './stored-document';
import type { TimeIndex } from './time-index';

/** Documents the one-time backfill indexes at once. */
const BACKFILL_BATCH = 500;

export const isDuplicateKeyError = (error: unknown): boolean => (error as { code?: number })?.code === 11000;

/**
 * Access to one collection through its Mongoose model (collection-schemas.ts: open documents,
 * nothing cast; reads are lean). Only the write handlers call the mutating methods; transports and
 * projections read.
 */
export class DocumentStore {
  private readonly logger: Logger;

  constructor(
    readonly name: CollectionName,
    private readonly model: Model<StoredDocument>,
    private readonly dedup: DedupIndex,
    /** Kept only where the read model loads from it (see TimeIndex). */
    private readonly time?: TimeIndex,
  ) {
    this.logger = new Logger(`DocumentStore:${name}`);
  }

  /**
   * The schema's indexes; `identifier` unique where the data allows it. With `identifierOnly` (FerretDB,
   * whose queries use no index but `_id`'s), only that unique one: each other index would speed up
   * nothing, and building it on a large collection is a pass during which FerretDB answers no query
   * on any collection (docs/performance.md, "Storage layer").
   */
  async ensureIndexes(identifierOnly = false): Promise<void> {
    try {
      if (identifierOnly) {
        // Mongoose's createIndexes takes every index of the schema: the one chosen goes through the collection.
        await this.model.collection.createIndex(IDENTIFIER_INDEX.fields, IDENTIFIER_INDEX.options);
      } else {
        // Mongoose creates every index of the schema and then rejects with the first failure.
        await this.model.createIndexes();
      }
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Data written by the reference can hold duplicate identifiers; dedup then relies on atomic upserts alone.
      this.logger.warn(`${this.model.collection.collectionName} has duplicate identifiers; indexing identifier without uniqueness`);
      await this.model.collection.createIndex({ identifier: 1 });
    }
  }

  /** Whether documents stored before the dedup or time index existed still need the one-time pass. */
  async needsBackfill(): Promise<boolean> {
    return !(await this.dedup.isComplete()) || (this.time !== undefined && !(await this.time.isComplete()));
  }

  /** Every stored document, in batches; the next batch is read once `onBatch` settles. */
  async readAll(onBatch: (docs: readonly StoredDocument[]) => void | Promise<void>): Promise<void> {
    let batch: StoredDocument[] = [];
    for await (const doc of this.model.find({}).lean<StoredDocument>().cursor()) {
      batch.push(doc);
      if (batch.length === BACKFILL_BATCH) {
        await onBatch(batch);
        batch = [];
      }
    }
    await onBatch(batch);
  }

  /**
   * Indexes the documents stored before the dedup and time indexes existed: one pass over the
   * collection, once per database (each index remembers that it is complete). Writes meanwhile
   * stay exact (DedupIndex checks the collection itself until then). `reader`, when given, sees
   * every batch before it is indexed, and the pass is made for it even when both indexes are complete
   * (another instance may have completed them since the caller asked).
   */
  async backfillIndexes(reader?: (docs: readonly StoredDocument[]) => void): Promise<void> {
    const claims = !(await this.dedup.isComplete());
    const times = this.time && !(await this.time.isComplete());
    if (!claims && !times && !reader) return;
    const started = Date.now();
    let count = 0;
    const index = async (batch: readonly StoredDocument[]) => {
      await Promise.all([claims && this.dedup.index(batch), times && this.time!.record(batch)]);
      count += batch.length;
    };
    // One batch is indexed while the next is read.
    let pending: Promise<void> = Promise.resolve();
    await this.readAll(async (batch) => {
      reader?.(batch);
      await pending;
      pending = index(batch);
      // Awaited with the next batch or after the last; meanwhile a failure is not an unhandled rejection.
      pending.catch(() => undefined);
    });
    await pending;
    if (claims) await this.dedup.markComplete();
    if (times) await this.time!.markComplete();
    this.logger.log(`indexed ${count} stored documents in ${((Date.now() - started) / 1000).toFixed(1)} s (once per database)`);
  }

  /** Whether the time index is kept (the read model loads from it). */
  get timeIndexed(): boolean {
    return this.time !== undefined;
  }

  /** The documents whose time field or `srvModified` may be above these floors, from the time index (a superset). */
  findRecent(floor: number | string, modifiedFloor: number): Promise<StoredDocument[]> {
    if (!this.time) throw new Error(`${this.name} keeps no time index`);
    return this.time.load(floor, modifiedFloor);
  }

  /** The documents whose time field may lie between two ISO texts, from the time index (a superset); undefined without one. */
  findBetween(from: string, to: string): Promise<StoredDocument[]> | undefined {
    return this.time?.loadBetween(from, to);
  }

  async insertMany(docs: StoredDocument[]): Promise<StoredDocument[]> {
    await this.dedup.insert(docs);
    return docs;
  }

  /** Inserts `doc` unless a document matches the dedup filter; atomic (see DedupIndex). Returns the stored document. */
  async insertIfAbsent(filter: DocumentFilter, doc: StoredDocument): Promise<{ doc: StoredDocument; inserted: boolean }> {
    return this.dedup.insertUnlessDuplicate(filter, doc);
  }

  /** Many `insertIfAbsent` at once; undefined for each document that needs its own `insertIfAbsent` (see DedupIndex). */
  insertAllIfAbsent(entries: readonly { filter: DocumentFilter; doc: StoredDocument }[]): Promise<(StoredDocument | undefined)[]> {
    return this.dedup.insertAllUnlessDuplicate(entries);
  }

  /** A document matching a dedup filter, found through the dedup index. */
  findDuplicate(filter: DocumentFilter): Promise<StoredDocument | null> {
    return this.dedup.find(filter);
  }

  /**
   * Replaces the matching document (its `_id` kept); returns the new one, or null when none matched.
   * `previous`, the document as the caller read it, spares re-indexing the keys it already had.
   */
  async replace(filter: DocumentFilter, doc: Omit<StoredDocument, '_id'>, previous?: StoredDocument): Promise<StoredDocument | null> {
    // The model's collection (the driver): Mongoose's own replace builds a Mongoose document from the
    // replacement, which fails on client fields named like its internals (`_doc`, `toObject`;
    // test/stored-documents-keep-their-shape.spec.ts). The other writes pass documents as they are.
    const after = (await this.model.collection.findOneAndReplace(filter, doc, { returnDocument: 'after' })) as StoredDocument | null;
    if (after) await Promise.all([this.dedup.indexChange(previous, after), this.time?.record([after])]);
    return after;
  }

  async update(filter: DocumentFilter, update: { $set?: Record<string, unknown>; $unset?: Record<string, ''> }): Promise<StoredDocument | null> {
    // The model's collection (the driver): the model's `findOneAndUpdate` casts the update and cost
    // 23–50 % more CPU (`npm run bench -- --only storage`, docs/performance.md "Storage layer").
    const after = (await this.model.collection.findOneAndUpdate(filter, update, { returnDocument: 'after' })) as StoredDocument | null;
    const changed = [...Object.keys(update.$set ?? {}), ...Object.keys(update.$unset ?? {})];
    if (after) await Promise.all([this.dedup.indexChange(undefined, after, changed), this.time?.record([after])]);
    return after;
  }

  /** Sets fields that no dedup rule reads (`isValid`, `srvModified`, `modifiedBy`) on these documents; returns them as changed. */
  async updateDocuments(docs: readonly StoredDocument[], set: Record<string, unknown>): Promise<StoredDocument[]> {
    if (docs.length === 0) return [];
    await this.model.updateMany({ _id: { $in: docs.map((d) => d._id) } }, { $set: set });
    const changed = docs.map((d) => ({ ...d, ...set }));
    await this.time?.record(changed);
    return changed;
  }

  /** Deletes these documents permanently. */
  async deleteDocuments(docs: readonly StoredDocument[]): Promise<number> {
    if (docs.length === 0) return 0;
    const deleted = (await this.model.deleteMany({ _id: { $in: docs.map((d) => d._id) } })).deletedCount;
    await this.dedup.forget(docs);
    return deleted;
  }

  find(filter: DocumentFilter, { projection, ...options }: FindOptions = {}): Promise<StoredDocument[]> {
    return this.model.find(filter, projection, options).lean<StoredDocument[]>().exec();
  }

  findOne(filter: DocumentFilter, { projection, ...options }: FindOptions = {}): Promise<StoredDocument | null> {
    return this.model.findOne(filter, projection, options).lean<StoredDocument>().exec();
  }

  count(filter: DocumentFilter): Promise<number> {
    return this.model.countDocuments(filter).exec();
  }
}
