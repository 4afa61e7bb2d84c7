import type { CollectionName } from '@nightscout/protocol';
import { Schema, type Model } from 'mongoose';
import { writeInChunks } from './bulk-writes';
import { SCHEMA_OPTIONS } from './collection-schemas';
import type { StoredDocument } from './stored-document';

/** The buckets' collection (not a Nightscout collection; see TimeIndex). */
export const TIME_INDEX_COLLECTION = 'time_index';

/** The time field of each collection the read model holds, and the type its values have. */
export const TIME_FIELDS: ReadonlyMap<CollectionName, { field: string; kind: 'number' | 'string' }> = new Map<CollectionName, { field: string; kind: 'number' | 'string' }>([
  ['entries', { field: 'date', kind: 'number' }],
  ['treatments', { field: 'created_at', kind: 'string' }],
  ['devicestatus', { field: 'created_at', kind: 'string' }],
]);

const HOUR = 3600_000;
/** Times further ahead than this when written go to the `other` bucket, so that a load reads a bounded number of hours. */
const AHEAD_HOURS = 48;
/** A load reads this many hours past AHEAD_HOURS, for clocks that went back since the write. */
const CLOCK_MARGIN_HOURS = 24;
/** Documents a load reads at once, each an `_id` read. */
const PARALLEL_READS = 16;
const ISO_HOUR = /^(\d{4})-(\d{2})-(\d{2})T(\d{2})/;

type Id = StoredDocument['_id'];
type Floor = number | string;

export interface Bucket {
  _id: string;
  ids?: Id[];
}

/** The buckets' schema: a bucket is found by its `_id`, so it needs no other index. */
export const bucketSchema = new Schema<Bucket>({ _id: String, ids: [Schema.Types.Mixed] }, { ...SCHEMA_OPTIONS, collection: TIME_INDEX_COLLECTION });

/**
 * The hour an ISO text's first 13 characters name, or undefined when they name none. Texts in
 * this form sort as their hours do, so a text above a floor is in the floor's hour or a later one.
 */
function isoHour(text: string): number | undefined {
  const m = ISO_HOUR.exec(text);
  if (!m) return undefined;
  const ms = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]), Number(m[4]));
  // Date.UTC rolls over out-of-range fields (month 13, hour 25): those texts do not sort as their time does.
  return new Date(ms).toISOString().slice(0, 13) === m[0] ? Math.floor(ms / HOUR) : undefined;
}

const marker = (collection: CollectionName) => `indexed|${collection}`;
const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;

/**
 * Which documents were written in which hour, so that loading the recent ones is a few `_id` reads
 * rather than a collection scan (FerretDB answers only `_id` equality without one;
 * docs/performance.md, "Time index"). One bucket per collection and hour lists the `_id` of every
 * document whose time field or `srvModified` falls in that hour; an `other` bucket lists those whose
 * time is not a plain recent value (text in another format, far in the future, another type), which
 * a floor on the time field may still hold. Buckets only grow: a listed `_id` may since have been
 * deleted or moved to another hour, and a load re-checks every document it reads. The write path
 * records a document before inserting it (and after changing it), so a listed hour is never missing
 * a stored document that this server wrote; documents stored before the index existed are recorded
 * once by `backfill`.
 */
export class TimeIndex {
  private readonly field: string;
  private readonly kind: 'number' | 'string';

  constructor(
    private readonly buckets: Model<Bucket>,
    private readonly collection: CollectionName,
    private readonly docs: Model<StoredDocument>,
  ) {
    ({ field: this.field, kind: this.kind } = TIME_FIELDS.get(collection)!);
  }

  /** The buckets a document belongs in. */
  bucketsOf(doc: StoredDocument, now = Date.now()): string[] {
    const latest = Math.floor(now / HOUR) + AHEAD_HOURS;
    const hourly = (hour: number | undefined) => (hour === undefined || hour > latest ? 'other' : String(hour));
    const found = new Set<string>();
    const time = doc[this.field];
    if (typeof time === 'number') {
      // Numbers sort below any text floor: a created_at number is never held.
      if (this.kind === 'number') found.add(hourly(Number.isFinite(time) ? Math.floor(time / HOUR) : undefined));
    } else if (typeof time === 'string') {
      found.add(this.kind === 'string' ? hourly(isoHour(time)) : 'other');
    } else if (time !== undefined && time !== null) found.add('other');
    const modified = doc.srvModified;
    if (typeof modified === 'number') found.add(hourly(Number.isFinite(modified) ? Math.floor(modified / HOUR) : undefined));
    return [...found].map((b) => `${this.collection}|${b}`);
  }

  /** The buckets that list every document above these floors: the hours from the lower floor's on, and `other`. */
  bucketsSince(floor: Floor, modifiedFloor: number, now = Date.now()): string[] {
    // A text floor not in ISO form (never set at start): every hour of the last ten years.
    const floorHour = typeof floor === 'number' ? Math.floor(floor / HOUR) : (isoHour(floor) ?? -Infinity);
    const first = Math.max(Math.min(floorHour, Math.floor(modifiedFloor / HOUR)), Math.floor(now / HOUR) - 10 * 366 * 24);
    return this.bucketsBetween(first, Math.floor(now / HOUR) + AHEAD_HOURS + CLOCK_MARGIN_HOURS);
  }

  /** `other` and the buckets of the hours `first` to `last`. */
  private bucketsBetween(first: number, last: number): string[] {
    const names = ['other'];
    for (let hour = first; hour <= last; hour++) names.push(String(hour));
    return names.map((name) => `${this.collection}|${name}`);
  }

  /** Lists documents in their buckets (before they are inserted, or after they changed). */
  async record(docs: readonly StoredDocument[]): Promise<void> {
    const now = Date.now();
    const byBucket = new Map<string, Id[]>();
    for (const doc of docs) {
      for (const bucket of this.bucketsOf(doc, now)) {
        const ids = byBucket.get(bucket);
        if (ids) ids.push(doc._id);
        else byBucket.set(bucket, [doc._id]);
      }
    }
    if (byBucket.size === 0) return;
    const write = () =>
      writeInChunks(
        this.buckets,
        [...byBucket].map(([_id, ids]) => ({ updateOne: { filter: { _id }, update: { $addToSet: { ids: { $each: ids } } }, upsert: true } })),
      );
    try {
      await write();
    } catch (error) {
      // Two writers upserting a new bucket at once: one insert loses; the bucket exists now.
      const failed = (error as { writeErrors?: { code?: number }[] }).writeErrors ?? [error as { code?: number }];
      if (!failed.every(isDuplicateKey)) throw error;
      await write();
    }
  }

  /**
   * The stored documents that may be above these floors: those listed in the hours from the lower
   * floor's on, and in `other`. A superset; the caller keeps what it holds.
   */
  load(floor: Floor, modifiedFloor: number, now = Date.now()): Promise<StoredDocument[]> {
    return this.read(this.bucketsSince(floor, modifiedFloor, now));
  }

  /**
   * The stored documents whose time field may lie between two ISO texts (a superset): those listed
   * in the hours from the first's to the second's, and in `other`; undefined for other bounds.
   */
  loadBetween(from: string, to: string): Promise<StoredDocument[]> | undefined {
    const [first, last] = [isoHour(from), isoHour(to)];
    if (this.kind !== 'string' || first === undefined || last === undefined) return undefined;
    return this.read(this.bucketsBetween(first, last));
  }

  /**
   * The stored documents listed in these buckets: thousands of `_id` reads at start, through the
   * models' collections (the driver), as in DedupIndex: the models' `findOne` cost 9–14 % more
   * (docs/performance.md, "Storage layer").
   */
  private async read(bucketNames: readonly string[]): Promise<StoredDocument[]> {
    const ids = new Map<string, Id>();
    await parallel(bucketNames, async (_id) => {
      const bucket = await this.buckets.collection.findOne<Bucket>({ _id } as never);
      for (const id of bucket?.ids ?? []) ids.set(`${typeof id}:${String(id)}`, id);
    });
    const found: StoredDocument[] = [];
    await parallel([...ids.values()], async (_id) => {
      const doc = await this.docs.collection.findOne<StoredDocument>({ _id } as never);
      if (doc) found.push(doc);
    });
    return found;
  }

  /** Whether every stored document is recorded (set by `markComplete` after a backfill). */
  async isComplete(): Promise<boolean> {
    return (await this.buckets.exists({ _id: marker(this.collection) })) !== null;
  }

  async markComplete(): Promise<void> {
    await this.buckets.insertMany([{ _id: marker(this.collection) }], { lean: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
  }

  /**
   * Forgets that the index is complete: a server started without the read model does not record
   * its writes, so the next one with it must backfill again.
   */
  async markIncomplete(): Promise<void> {
    await this.buckets.deleteOne({ _id: marker(this.collection) });
  }
}

/** Runs `task` over `items`, PARALLEL_READS at a time. */
async function parallel<T>(items: readonly T[], task: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await task(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(PARALLEL_READS, items.length) }, worker));
}
