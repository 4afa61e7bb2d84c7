import { Query } from 'mingo';
import { BSON } from 'mongodb';
import type { DocumentsChangedEvent } from '../events/documents-changed.event';
import type { DocumentFilter, FindOptions, StoredDocument } from '../storage/stored-document';
import { idString } from '../writes/server-fields';

/** How one collection's recent documents are chosen: by their time field, and by `srvModified`. */
export interface Coverage {
  /** `date` (epoch ms) for entries, `created_at` (ISO text) for the others. */
  field: string;
  kind: 'number' | 'string';
  /** The lowest value held at start: now minus this. */
  spanMs: number;
  caps: { count: number; bytes: number };
}

type Floor = number | string;

/**
 * Whether a stored value sorts above `floor` in MongoDB's order (numbers < strings < objects,
 * arrays, ids, booleans, dates), where null and missing sort lowest. Values of a kind above the
 * floor's are always held, values of a kind below never.
 */
function above(value: unknown, floor: Floor): boolean {
  if (value === undefined || value === null) return false;
  if (typeof floor === 'number') return typeof value === 'number' ? value > floor : true;
  if (typeof value === 'number') return false;
  return typeof value === 'string' ? value > floor : true;
}

/** The `$gt`/`$gte`/equality bounds a filter's top-level conjunctions put on `field`. */
function lowerBounds(filter: DocumentFilter, field: string): unknown[] {
  const bounds: unknown[] = [];
  const visit = (part: DocumentFilter) => {
    for (const [key, value] of Object.entries(part)) {
      if (key === '$and' && Array.isArray(value)) value.forEach((p) => visit(p as DocumentFilter));
      if (key !== field) continue;
      if (typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date)) {
        for (const op of ['$gt', '$gte', '$eq'] as const) if (op in value) bounds.push((value as Record<string, unknown>)[op]);
      } else bounds.push(value);
    }
  };
  visit(filter);
  return bounds;
}

/** A value exactly as the database stores and returns it (undefined fields become null, as the driver writes them). */
const asStored = (doc: StoredDocument): StoredDocument => BSON.deserialize(BSON.serialize(doc, { ignoreUndefined: false })) as StoredDocument;

/**
 * The read model of one collection for the queries clients poll: every document whose time field
 * is above a floor, or whose `srvModified` is above another, kept exact by the domain events.
 * A query is answered from memory only when the answer is provably the database's: its filter
 * bounds the time field (or `srvModified`) above the floor, or it asks for the newest N by the time
 * field and at least N held documents match. Otherwise `query` returns undefined and the caller
 * asks the database. Caps by count and bytes raise the floors (the oldest go), never break exactness.
 */
export class RecentDocuments {
  private readonly docs = new Map<string, { doc: StoredDocument; bytes: number }>();
  private bytes = 0;
  private floor: Floor;
  private modifiedFloor: number;
  private ready = false;
  /** Documents changed by events before the load finished: the load's copies of them may be older. */
  private readonly touched = new Set<string>();
  /** Held documents newest first by a field (MongoDB's order, mingo's stable sort), rebuilt after a change. */
  private readonly newestFirst = new Map<string, StoredDocument[]>();

  constructor(
    private readonly coverage: Coverage,
    now: number,
  ) {
    this.floor = coverage.kind === 'number' ? now - coverage.spanMs : new Date(now - coverage.spanMs).toISOString();
    this.modifiedFloor = now - coverage.spanMs;
  }

  /** The floors: a document is held when its time field is above the first or its `srvModified` above the second. */
  floors(): { floor: Floor; modifiedFloor: number } {
    return { floor: this.floor, modifiedFloor: this.modifiedFloor };
  }

  get isLoaded(): boolean {
    return this.ready;
  }

  /**
   * Loads the database's documents. Events that arrived meanwhile were applied already and are newer
   * than what a concurrent read returned, so loaded documents never replace held ones.
   */
  load(docs: readonly StoredDocument[]): void {
    this.add(docs);
    this.finishLoad();
  }

  /** Part of a load (a superset of what is held: the rest is skipped). */
  add(docs: readonly StoredDocument[]): void {
    for (const doc of docs) if (!this.touched.has(idString(doc._id)) && this.holds(doc)) this.put(doc);
  }

  /** The load is complete: from now on queries are answered. */
  finishLoad(): void {
    this.touched.clear();
    this.ready = true;
  }

  apply(event: DocumentsChangedEvent): void {
    for (const doc of event.documents) {
      const key = idString(doc._id);
      if (!this.ready) this.touched.add(key);
      if (event.operation === 'delete' && event.permanent) this.remove(key);
      else if (this.holds(doc)) this.put(doc);
      else this.remove(key);
    }
  }

  /**
   * Whether, once loaded, this model may answer: a bounded filter, or the newest N by a covered
   * field (then it answers when the Nth is above the floor). Before the load these wait for it
   * rather than ask the database, which would scan the collection.
   */
  mayAnswer(filter: DocumentFilter, options: FindOptions = {}): boolean {
    if (options.projection) return false;
    if (this.bounded(filter)) return true;
    const [first, direction] = Object.entries(options.sort ?? {})[0] ?? [];
    return (first === this.coverage.field || first === 'srvModified') && direction === -1 && options.limit !== undefined;
  }

  /** The documents the database would return, or undefined when memory cannot prove it. */
  query(filter: DocumentFilter, options: FindOptions = {}): StoredDocument[] | undefined {
    if (!this.ready || options.projection) return undefined;
    const newest = this.newestPage(filter, options);
    if (newest) return newest.exact ? newest.page : undefined;
    const held = [...this.docs.values()].map((h) => h.doc);
    const matched = new Query(filter).find<StoredDocument>(held);
    const sorted = options.sort && Object.keys(options.sort).length > 0 ? matched.sort(options.sort) : matched;
    const skip = options.skip ?? 0;
    if (this.bounded(filter)) return window(sorted.all(), skip, options.limit);
    // The newest N by the time field or `srvModified`: exact when the Nth is above that field's floor.
    const [first, direction] = Object.entries(options.sort ?? {})[0] ?? [];
    const floor = first === this.coverage.field ? this.floor : first === 'srvModified' ? this.modifiedFloor : undefined;
    if (floor === undefined || direction !== -1 || options.limit === undefined) return undefined;
    const page = window(sorted.all(), skip, options.limit);
    return page.length === options.limit && above(page[page.length - 1][first], floor) ? page : undefined;
  }

  /**
   * The newest N by a covered field (what clients poll: `count=1`, `count=288`, `lastModified`): the
   * first matches of the sorted list, without filtering and sorting every held document. Sorting the
   * matches is the same as taking the matches of the sorted list, as the sort is stable.
   */
  private newestPage(filter: DocumentFilter, options: FindOptions): { page: StoredDocument[]; exact: boolean } | undefined {
    const keys = Object.keys(options.sort ?? {});
    const [first] = keys;
    const floor = first === this.coverage.field ? this.floor : first === 'srvModified' ? this.modifiedFloor : undefined;
    if (keys.length !== 1 || options.sort![first] !== -1 || floor === undefined || !options.limit || options.limit < 1) return undefined;
    const query = new Query(filter);
    const page: StoredDocument[] = [];
    let skip = options.skip ?? 0;
    for (const doc of this.sortedNewestFirst(first)) {
      if (!query.test(doc)) continue;
      if (skip > 0) skip--;
      else if (page.push(doc) === options.limit) break;
    }
    return { page, exact: this.bounded(filter) || (page.length === options.limit && above(page[page.length - 1][first], floor)) };
  }

  private sortedNewestFirst(field: string): StoredDocument[] {
    let sorted = this.newestFirst.get(field);
    if (!sorted) {
      sorted = new Query({}).find<StoredDocument>([...this.docs.values()].map((h) => h.doc)).sort({ [field]: -1 }).all();
      this.newestFirst.set(field, sorted);
    }
    return sorted;
  }

  /** Memory this model holds (serialised size), for docs/performance.md and tests. */
  heldBytes(): number {
    return this.bytes;
  }

  heldCount(): number {
    return this.docs.size;
  }

  /** Whether every document matching `filter` is held: it bounds the time field or `srvModified` above its floor. */
  private bounded(filter: DocumentFilter): boolean {
    if (lowerBounds(filter, this.coverage.field).some((bound) => typeof bound === typeof this.floor && (bound === this.floor ? false : above(bound, this.floor)))) return true;
    return lowerBounds(filter, 'srvModified').some((bound) => typeof bound === 'number' && bound > this.modifiedFloor);
  }

  private holds(doc: StoredDocument): boolean {
    return above(doc[this.coverage.field], this.floor) || (typeof doc.srvModified === 'number' && doc.srvModified > this.modifiedFloor);
  }

  private put(doc: StoredDocument): void {
    const stored = asStored(doc);
    const bytes = BSON.calculateObjectSize(stored);
    this.remove(idString(doc._id));
    this.docs.set(idString(doc._id), { doc: stored, bytes });
    this.newestFirst.clear();
    this.bytes += bytes;
    if (this.docs.size > this.coverage.caps.count || this.bytes > this.coverage.caps.bytes) this.shrink();
  }

  private remove(key: string): void {
    const held = this.docs.get(key);
    if (!held) return;
    this.bytes -= held.bytes;
    this.docs.delete(key);
    this.newestFirst.clear();
  }

  /**
   * Over a cap: both floors rise past the oldest documents (by time field, then by `srvModified`)
   * until the caps hold again, so that "held" keeps meaning "everything above the floors".
   */
  private shrink(): void {
    const { field, kind, caps } = this.coverage;
    const times = [...this.docs.values()].map((h) => h.doc[field]).filter((v): v is Floor => typeof v === kind).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    const modified = [...this.docs.values()].map((h) => h.doc.srvModified).filter((v): v is number => typeof v === 'number').sort((a, b) => a - b);
    let step = Math.max(1, Math.ceil(this.docs.size / 10));
    while (this.docs.size > caps.count || this.bytes > caps.bytes) {
      const time = times[Math.min(step, times.length) - 1];
      const mod = modified[Math.min(step, modified.length) - 1];
      if (time !== undefined && above(time, this.floor)) this.floor = time;
      if (mod !== undefined && mod > this.modifiedFloor) this.modifiedFloor = mod;
      for (const [key, held] of this.docs) if (!this.holds(held.doc)) this.remove(key);
      if (step >= times.length && step >= modified.length) break;
      step += Math.max(1, Math.ceil(this.docs.size / 10));
    }
  }
}

const window = <T>(items: T[], skip: number, limit?: number): T[] => items.slice(skip, limit === undefined ? undefined : skip + limit);
