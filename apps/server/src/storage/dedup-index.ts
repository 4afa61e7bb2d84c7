import type { CollectionName } from '@nightscout/protocol';
import { Query } from 'mingo';
import { ObjectId } from 'mongodb';
import { Schema, type Model } from 'mongoose';
import { createHash } from 'node:crypto';
import { writeInChunks } from './bulk-writes';
import { SCHEMA_OPTIONS } from './collection-schemas';
import type { DocumentFilter, StoredDocument } from './stored-document';

/**
 * The field sets documents are deduplicated on, per collection: the v1 and legacy-socket rules
 * (docs/protocol/api-v1.md §6, legacy-socket.md §4.8.2) and the v3 fallback fields (api-v3.md §3).
 * Every stored document is indexed under each set whose fields it has.
 */
export const DEDUP_RULES: Readonly<Record<CollectionName, readonly (readonly string[])[]>> = {
  entries: [['identifier'], ['sysTime', 'type'], ['date', 'type']],
  treatments: [['identifier'], ['NSCLIENT_ID'], ['created_at', 'eventType']],
  devicestatus: [['identifier'], ['NSCLIENT_ID'], ['created_at'], ['created_at', 'device']],
  profile: [['identifier'], ['NSCLIENT_ID'], ['startDate'], ['created_at']],
  food: [['identifier'], ['created_at']],
  activity: [['identifier']],
  settings: [['identifier']],
};

/** The claims collection (not a Nightscout collection; see DedupIndex). */
export const DEDUP_KEYS_COLLECTION = 'dedup_keys';

/** Claims whose document has not appeared after this long belong to a writer that died. */
const PENDING_LEASE_MS = 10_000;
const PENDING_POLL_MS = 5;
/** Links of one key's chain: a new link is added only when every earlier one is stale. */
const MAX_LINKS = 16;
/** Rounds of look-up and claim one create may take while other writers win races for its key. */
const MAX_ATTEMPTS = 100;

type Id = StoredDocument['_id'];

/**
 * One claim: `_id` is the key (collection, field set, hashed values, link). `doc` is the document
 * that holds it; `also` lists other documents with the same values (stored through another rule),
 * so the key still finds one of them after its holder is deleted or changed.
 */
export interface Claim {
  _id: string;
  doc: Id;
  at: number;
  also?: Id[];
}

/** The claims collection's schema: keys are `_id`, so it needs no other index. */
export const claimSchema = new Schema<Claim>(
  { _id: String, doc: Schema.Types.Mixed, at: Number, also: [Schema.Types.Mixed] },
  { ...SCHEMA_OPTIONS, collection: DEDUP_KEYS_COLLECTION },
);

/** How one clause of a dedup filter is looked up. */
type Lookup = { kind: 'id'; id: Id; clause: DocumentFilter } | { kind: 'key'; key: string; clause: DocumentFilter } | { kind: 'scan'; clause: DocumentFilter };

const isScalar = (v: unknown): v is string | number | boolean | ObjectId | Date =>
  typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)) || typeof v === 'boolean' || v instanceof ObjectId || v instanceof Date;

/** A value as MongoDB's equality sees it: 1 and 1.0 alike, a string never equal to an ObjectId. */
function encodeValue(value: unknown): string | undefined {
  if (typeof value === 'string') return `s${value}`;
  if (typeof value === 'number' && Number.isFinite(value)) return `n${value === 0 ? 0 : value}`;
  if (typeof value === 'boolean') return `b${value}`;
  if (value instanceof ObjectId) return `o${value.toHexString()}`;
  if (value instanceof Date) return `d${value.getTime()}`;
  return undefined;
}

const keyOf = (collection: CollectionName, fields: readonly string[], values: readonly string[]): string =>
  `${collection}|${fields.join(',')}|${createHash('sha1').update(JSON.stringify(values)).digest('hex')}`;

const linkOf = (key: string, link: number) => (link === 0 ? key : `${key}#${link}`);
const tombstoneOf = (collection: CollectionName, id: Id) => `gone|${collection}|${encodeValue(id)}`;
const indexedMarker = (collection: CollectionName) => `indexed|${collection}`;
const isDuplicateKey = (error: unknown) => (error as { code?: number })?.code === 11000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** The index keys of a stored document: one per rule whose fields it has as plain values. */
export function documentKeys(collection: CollectionName, doc: Record<string, unknown>, rules = DEDUP_RULES[collection]): string[] {
  const keys: string[] = [];
  for (const fields of rules) {
    const values = fields.map((f) => encodeValue(doc[f]));
    if (values.every((v): v is string => v !== undefined)) keys.push(keyOf(collection, fields, values));
  }
  return keys;
}

/** The clauses of a dedup filter: `{$or: [...]}` or one clause; a clause may be an `$and`. */
const clausesOf = (filter: DocumentFilter): DocumentFilter[] =>
  Array.isArray(filter.$or) && Object.keys(filter).length === 1 ? (filter.$or as DocumentFilter[]) : [filter];

/** The plain `field: value` equalities a clause requires (its `$and` flattened). */
function equalities(clause: DocumentFilter): Map<string, unknown> {
  const found = new Map<string, unknown>();
  const visit = (part: DocumentFilter) => {
    for (const [field, value] of Object.entries(part)) {
      if (field === '$and' && Array.isArray(value)) value.forEach((p) => visit(p as DocumentFilter));
      else if (!field.startsWith('$') && isScalar(value)) found.set(field, value);
    }
  };
  visit(clause);
  return found;
}

/**
 * Finds duplicates and makes creates atomic without a collection scan. FerretDB 1.x answers only
 * `_id` equality from its SQLite index and scans the whole collection for anything else, and
 * neither it nor MongoDB makes two concurrent upserts on a non-unique filter insert once. So each
 * stored document is indexed under its dedup keys in a claims collection whose `_id` is the key:
 * looking a key up is an `_id` read, and claiming one is an insert that only one writer (of any
 * server instance sharing the database) can win. Filters that match no rule (entries without a
 * `type`) still go to the database.
 */
export class DedupIndex {
  /** Whether every stored document is indexed; until then a key that finds nothing is checked against the collection. */
  private complete?: Promise<boolean>;

  constructor(
    private readonly claims: Model<Claim>,
    private readonly collection: CollectionName,
    private readonly docs: Model<StoredDocument>,
    /** Runs before documents are inserted (the time index records them). */
    private readonly beforeInsert: (docs: readonly StoredDocument[]) => Promise<void> = () => Promise.resolve(),
    /**
     * While the one-time pass runs, asked before a key lookup scans the collection for an unindexed
     * duplicate: settles true after waiting for the pass (the claims then say all), false to scan.
     */
    private readonly waitInsteadOfScan: () => Promise<boolean> = () => Promise.resolve(false),
  ) {}

  /** Whether the one-time backfill has indexed what was stored before this index existed. */
  isComplete(): Promise<boolean> {
    this.complete ??= this.claim(indexedMarker(this.collection)).then((found) => found !== null);
    return this.complete;
  }

  /** A stored document matching `filter`, or null. */
  async find(filter: DocumentFilter): Promise<StoredDocument | null> {
    for (const lookup of this.lookups(filter)) {
      const found = await this.resolve(lookup);
      if (found) return found;
    }
    return null;
  }

  /**
   * Inserts `doc` unless a document matches `filter`, atomically: the write claims the filter's
   * first key (or relies on the unique `_id` it names) before inserting. Returns the stored duplicate when one exists.
   */
  async insertUnlessDuplicate(filter: DocumentFilter, doc: StoredDocument): Promise<{ inserted: boolean; doc: StoredDocument }> {
    const lookups = this.lookups(filter);
    const key = lookups.find((l): l is Extract<Lookup, { kind: 'key' }> => l.kind === 'key');
    const ownId = lookups.some((l) => l.kind === 'id' && sameId(l.id, doc._id));
    if (!key && !ownId) return this.upsert(filter, doc);
    for (let attempt = 1; ; attempt++) {
      // The links the lookups found free, per key lookup.
      const free = new Map<Lookup, string>();
      // Every lookup at once; the first in the filter's order that finds a document wins.
      const found = await Promise.all(lookups.map((l) => this.resolve(l, (link) => free.set(l, link))));
      const duplicate = found.find((d) => d !== null);
      if (duplicate) return { inserted: false, doc: duplicate };
      if (attempt > MAX_ATTEMPTS) throw new Error(`dedup of ${this.collection} did not settle after ${MAX_ATTEMPTS} attempts`);
      if (!key) {
        // The filter names the new document's own `_id`: the unique `_id` decides between concurrent writers.
        try {
          await this.insert([doc]);
          return { inserted: true, doc };
        } catch (error) {
          if (!isDuplicateKey(error) || (await this.document(doc._id)) === null) throw error;
          continue;
        }
      }
      // The link the lookup found free spares reading it again.
      const link = free.get(key) ?? (await this.freeLink(key.key));
      if (link === undefined) continue; // a live or pending holder: the next lookup finds it
      const claims = this.claimsOf([link], doc);
      // The time index may list a document whose claim is then lost: a stale entry, skipped by loads.
      const [won] = await Promise.all([this.insertIgnoringDuplicates(claims), this.beforeInsert([doc])]);
      const held = claims.filter((_, i) => won[i]);
      // Another writer claimed the filter's key first, or another key of the filter that the lookups
      // found free (a document stored meanwhile under another rule, e.g. v1's): look again.
      const seenFree = new Set(free.values());
      if (!won[0] || claims.some((c, i) => !won[i] && seenFree.has(c._id))) {
        await this.release(held);
        continue;
      }
      try {
        await this.docs.insertMany([doc], { ordered: true, lean: true });
      } catch (error) {
        await this.release(held);
        throw error;
      }
      await this.join(claims.filter((_, i) => !won[i]));
      return { inserted: true, doc };
    }
  }

  /**
   * Many creates at once (an uploader's backlog, or one API v3 create): documents whose filter is
   * made of keys only claim the first link of each, and their other keys, in one insert for all,
   * then are inserted together; no lookup precedes the claim, as a new document wins every claim.
   * Undefined for each document left to `insertUnlessDuplicate` (a key of its filter is taken,
   * stale or pending; its insert failed; or its filter is not made of keys).
   */
  async insertAllUnlessDuplicate(entries: readonly { filter: DocumentFilter; doc: StoredDocument }[]): Promise<(StoredDocument | undefined)[]> {
    // While the backfill runs a free key does not mean a new document: each goes through `resolve`.
    if (!(await this.isComplete())) return entries.map(() => undefined);
    const at = Date.now();
    const keyed = entries.flatMap(({ filter, doc }, index) => {
      const lookups = this.lookups(filter);
      const keys = lookups.flatMap((l) => (l.kind === 'key' ? [l.key] : []));
      if (keys.length < lookups.length) return [];
      const links = [...new Set(keys)];
      return [{ index, doc, links: links.length, claims: this.claimsOf(links, doc, at) }];
    });
    const wonAll = await this.insertIgnoringDuplicates(keyed.flatMap((k) => k.claims));
    let next = 0;
    const won = keyed.map((k) => wonAll.slice(next, (next += k.claims.length)));
    const claimed = keyed.filter((k, i) => won[i].slice(0, k.links).every(Boolean));
    // Recorded only once claimed: a re-sent backlog, all duplicates, leaves the time index as it was.
    await this.beforeInsert(claimed.map((k) => k.doc));
    const inserted = await this.insertIgnoringDuplicates(claimed.map((k) => k.doc), this.docs);
    const stored = new Set(claimed.filter((_, i) => inserted[i]).map((k) => k.index));
    await this.release(keyed.flatMap((k, i) => (stored.has(k.index) ? [] : k.claims.filter((_, j) => won[i][j]))));
    await this.join(keyed.flatMap((k, i) => (stored.has(k.index) ? k.claims.filter((_, j) => !won[i][j]) : [])));
    const result: (StoredDocument | undefined)[] = entries.map(() => undefined);
    for (const k of keyed) if (stored.has(k.index)) result[k.index] = k.doc;
    return result;
  }

  /**
   * The claims of a document about to be inserted: `links` (its filter's keys), then every other
   * key it has. All are claimed before the insert, so a writer that looks any of them up meanwhile
   * waits for the pending document rather than missing it.
   */
  private claimsOf(links: readonly string[], doc: StoredDocument, at = Date.now()): Claim[] {
    const others = documentKeys(this.collection, doc).filter((k) => !links.includes(k));
    return [...links, ...others].map((_id) => ({ _id, doc: doc._id, at }));
  }

  /** Claims won for a document that was not inserted. */
  private async release(claims: readonly Claim[]): Promise<void> {
    await writeInChunks(this.claims, claims.map((c) => ({ deleteOne: { filter: { _id: c._id } } })));
  }

  /** Claims another document held: that holder stays, and lists the inserted document in `also`. */
  private async join(claims: readonly Claim[]): Promise<void> {
    await writeInChunks(this.claims, claims.map((c) => ({ updateOne: { filter: { _id: c._id }, update: { $addToSet: { also: c.doc } } } })));
  }

  /** Inserts in one unordered batch; per document, whether it went in (false: a duplicate key). */
  private async insertIgnoringDuplicates<T extends { _id: unknown }>(docs: T[], model: Model<T> = this.claims as never): Promise<boolean[]> {
    const ok = docs.map(() => true);
    if (docs.length === 0) return ok;
    try {
      await model.insertMany(docs, { ordered: false, lean: true });
    } catch (error) {
      const failed = (error as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!failed || failed.some((e) => e.code !== 11000)) throw error;
      for (const e of failed) ok[e.index] = false;
    }
    return ok;
  }

  /** A filter no rule covers (entries without `type`): the database's upsert, which scans on FerretDB. */
  private async upsert(filter: DocumentFilter, doc: StoredDocument): Promise<{ inserted: boolean; doc: StoredDocument }> {
    await this.beforeInsert([doc]);
    // The driver, as in DocumentStore.update: the model's update casting costs 23–50 % more CPU.
    const result = await this.docs.collection.findOneAndUpdate(filter, { $setOnInsert: doc }, { upsert: true, returnDocument: 'after', includeResultMetadata: true });
    const stored = result.value as StoredDocument;
    if (result.lastErrorObject?.updatedExisting) return { inserted: false, doc: stored };
    await this.index([stored]);
    return { inserted: true, doc: stored };
  }

  /** Inserts documents (no dedup) and indexes them. */
  async insert(docs: StoredDocument[]): Promise<void> {
    if (docs.length === 0) return;
    await this.beforeInsert(docs);
    await this.docs.insertMany(docs, { ordered: true, lean: true });
    await this.index(docs);
  }

  /**
   * Records the keys of documents just written. A key another document holds keeps its holder and
   * lists this one in `also`.
   */
  async index(docs: readonly StoredDocument[]): Promise<void> {
    const at = Date.now();
    await this.claimOrJoin(docs.flatMap((doc) => documentKeys(this.collection, doc).map((key): Claim => ({ _id: key, doc: doc._id, at }))));
  }

  /** Inserts claims; a key another document holds keeps its holder and lists this one in `also`. */
  private async claimOrJoin(claims: Claim[]): Promise<void> {
    const won = await this.insertIgnoringDuplicates(claims);
    await this.join(claims.filter((_, i) => !won[i]));
  }

  /** A changed document: indexed under the keys it did not have (known from `before`, or from the `changed` fields). */
  async indexChange(before: StoredDocument | undefined, after: StoredDocument, changed?: readonly string[]): Promise<void> {
    const had = new Set(before ? documentKeys(this.collection, before) : []);
    const touched = changed && new Set(changed);
    const rules = DEDUP_RULES[this.collection].filter((fields) => !touched || fields.some((f) => touched.has(f)));
    const fresh = documentKeys(this.collection, after, rules).filter((k) => !had.has(k));
    if (fresh.length > 0) await this.claimOrJoin(fresh.map((key) => ({ _id: key, doc: after._id, at: Date.now() })));
  }

  /** Permanently deleted documents: their claims are stale from now on, not pending. */
  async forget(docs: readonly StoredDocument[]): Promise<void> {
    if (docs.length === 0) return;
    const marks = docs.map((d) => ({ _id: tombstoneOf(this.collection, d._id), doc: d._id, at: Date.now() }));
    await this.insertIgnoringDuplicates(marks);
  }

  /** Records that every document stored before this index existed has been indexed (by the backfill's `index` calls). */
  async markComplete(): Promise<void> {
    const marker = indexedMarker(this.collection);
    await this.claims.insertMany([{ _id: marker, doc: marker, at: Date.now() }], { lean: true }).catch((error: unknown) => {
      if (!isDuplicateKey(error)) throw error;
    });
    this.complete = Promise.resolve(true);
  }

  private lookups(filter: DocumentFilter): Lookup[] {
    return clausesOf(filter).map((clause): Lookup => {
      const fields = equalities(clause);
      if (fields.has('_id')) return { kind: 'id', id: fields.get('_id') as Id, clause };
      const rule = DEDUP_RULES[this.collection].find((r) => r.length === fields.size && r.every((f) => fields.has(f)));
      if (!rule) return { kind: 'scan', clause };
      return { kind: 'key', key: keyOf(this.collection, rule, rule.map((f) => encodeValue(fields.get(f))!)), clause };
    });
  }

  /** The document a lookup finds; `onFree` gets the key's first free link when none holds it. */
  private async resolve(lookup: Lookup, onFree?: (link: string) => void): Promise<StoredDocument | null> {
    if (lookup.kind === 'scan') return this.docs.findOne(lookup.clause).lean<StoredDocument>();
    if (lookup.kind === 'id') {
      const doc = await this.document(lookup.id);
      return doc && matches(lookup.clause, doc) ? doc : null;
    }
    for (let link = 0; link < MAX_LINKS; link++) {
      const found = await this.resolveLink(linkOf(lookup.key, link), lookup.clause);
      if (found === 'free') {
        onFree?.(linkOf(lookup.key, link));
        break;
      }
      if (found !== 'stale') return found;
    }
    if (await this.isComplete()) return null;
    // Until the backfill completes, a document stored before the index may hold the values unindexed.
    if ((await this.waitInsteadOfScan()) && (await this.isComplete())) return this.resolve(lookup, onFree);
    return this.docs.findOne(lookup.clause).lean<StoredDocument>();
  }

  /** The first link of `key` that is free (every earlier one stale), or undefined when one is pending or live. */
  private async freeLink(key: string): Promise<string | undefined> {
    for (let link = 0; link < MAX_LINKS; link++) {
      const claim = await this.claim(linkOf(key, link));
      if (!claim) return linkOf(key, link);
      if (!(await this.isStale(claim))) return undefined;
    }
    throw new Error(`dedup key ${key} has ${MAX_LINKS} stale links`);
  }

  /** The document a link leads to, or whether the link is free or stale; waits while its writer is inserting. */
  private async resolveLink(link: string, clause: DocumentFilter): Promise<StoredDocument | 'free' | 'stale'> {
    for (;;) {
      const claim = await this.claim(link);
      if (!claim) return 'free';
      const holder = await this.document(claim.doc);
      if (holder && matches(clause, holder)) return holder;
      for (const id of claim.also ?? []) {
        const other = await this.document(id);
        if (other && matches(clause, other)) return other;
      }
      if (holder || !(await this.isPending(claim))) return 'stale';
      await sleep(PENDING_POLL_MS);
    }
  }

  // The `_id` reads every write makes go through the models' collections (the driver): the models'
  // `findOne` cost 9–14 % more (`npm run bench -- --only storage`, docs/performance.md "Storage layer").
  private claim(key: string): Promise<Claim | null> {
    return this.claims.collection.findOne<Claim>({ _id: key } as never);
  }

  private document(id: Id): Promise<StoredDocument | null> {
    return this.docs.collection.findOne<StoredDocument>({ _id: id } as never);
  }

  private async isStale(claim: Claim): Promise<boolean> {
    const holder = await this.document(claim.doc);
    if (holder) return !documentKeys(this.collection, holder).some((k) => claim._id === k || claim._id.startsWith(`${k}#`));
    return !(await this.isPending(claim));
  }

  /** A claim whose document is missing: still being inserted, unless deleted or its writer died. */
  private async isPending(claim: Claim): Promise<boolean> {
    if (Date.now() - claim.at > PENDING_LEASE_MS) return false;
    return !(await this.claim(tombstoneOf(this.collection, claim.doc)));
  }
}

const sameId = (a: Id, b: Id) => typeof a === typeof b && String(a) === String(b);

/** MongoDB's matching of one stored document, in memory (mingo). */
function matches(clause: DocumentFilter, doc: StoredDocument): boolean {
  return new Query(clause).test(doc);
}
