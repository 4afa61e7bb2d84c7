import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { COLLECTIONS, type CollectionName } from '@nightscout/protocol';
import type { Connection } from 'mongoose';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { collectionSchema } from './collection-schemas';
import { DedupIndex, claimSchema } from './dedup-index';
import { DocumentStore } from './document-store';
import { modelOf } from './models';
import type { StoredDocument } from './stored-document';
import { TIME_FIELDS, TimeIndex, bucketSchema } from './time-index';

const DBSTATS_MAX_AGE_MS = 5 * 60_000;
/**
 * How long a caller waits for fresh database size figures before taking the last ones (none at
 * first): on a large FerretDB database the command takes seconds, and tens of seconds during the
 * one-time index pass, which an `authorize` must not wait for.
 */
const DBSTATS_WAIT_MS = 100;
/**
 * Collections that FerretDB reads slowly: it takes about 2 ms to decode one AndroidAPS device status
 * (~4.5 KB), whatever the query asks for, so a scan of a year's device status takes minutes. Their
 * reader is fed by the one-time pass rather than by a read of their own before the passes (a second
 * read doubled the longest part of a first start), and until the pass ends, a write deduplicated on
 * them waits for it instead of scanning (at a year a scan lasts minutes, longer than an uploader
 * waits for an answer, and each one slowed the pass).
 * Followers get device status as a later delta anyway (docs/performance.md, "Start-up").
 */
const SLOW_TO_SCAN: ReadonlySet<CollectionName> = new Set(['devicestatus']);
/** After a failed index build (the database went away), the next attempt. */
const INDEX_RETRY_MS = 5_000;

/** One DocumentStore per collection, on the configured physical collection names. */
@Injectable()
export class StoreRegistry implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('StoreRegistry');
  private readonly stores: ReadonlyMap<CollectionName, DocumentStore>;
  private readonly timeIndexes: TimeIndex[] = [];
  private stats?: { at: number; value: Promise<{ dataSize?: number; indexSize?: number }>; settled: boolean };
  private lastStats: { dataSize?: number; indexSize?: number } = {};
  /** Per collection, settles when its indexes are built and complete (see `indexed`). */
  private readonly ready = new Map<CollectionName, Deferred<void>>();
  /** Per collection, settles when the documents a first start read went to its reader (see `delivered`). */
  private readonly reads = new Map<CollectionName, Deferred<boolean>>();
  private readonly backfillReaders = new Map<CollectionName, (docs: readonly StoredDocument[]) => void>();
  private stopping = false;
  /** Whether the database is FerretDB, once the start-up work has asked. */
  private ferretDb?: boolean;

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    const claims = modelOf(connection, 'DedupClaim', claimSchema);
    const buckets = modelOf(connection, 'TimeBucket', bucketSchema);
    this.stores = new Map(
      COLLECTIONS.map((c) => {
        const model = modelOf(connection, c, collectionSchema(c, config.collections[c]));
        const time = TIME_FIELDS.has(c) ? new TimeIndex(buckets, c, model) : undefined;
        if (time) this.timeIndexes.push(time);
        // The time index serves only the read model; without it, writes do not keep it.
        const kept = config.readModel ? time : undefined;
        const dedup = new DedupIndex(claims, c, model, kept && ((docs) => kept.record(docs)), () => this.waitsForPass(c));
        return [c, new DocumentStore(c, model, dedup, kept)];
      }),
    );
    for (const c of COLLECTIONS) {
      this.ready.set(c, deferred());
      this.reads.set(c, deferred());
    }
  }

  /**
   * Builds the indexes in the background, collection by collection (the most polled first): on a
   * database this server has not indexed yet, that is one pass over every document, minutes at a
   * year of data, and the server answers meanwhile (docs/performance.md, "Start-up"). Before those
   * passes, each collection gets its database indexes and, when it has a reader and needs a pass,
   * is read once without writing anything, so the read model does not wait for the index writes;
   * the collections of SLOW_TO_SCAN are read only by their pass, which feeds their reader.
   * It starts once every module is initialised, so that their start-up writes (the signing key) come
   * before index creation, which holds the embedded database's write lock for seconds at a year.
   */
  onApplicationBootstrap(): void {
    void (async () => {
      if (!this.config.readModel) for (const time of this.timeIndexes) await time.markIncomplete();
      for (const [collection, store] of this.stores) {
        const reader = this.backfillReaders.get(collection);
        const read = async () => {
          this.ferretDb ??= await this.isFerretDb();
          // The collection's indexes first: writes rely on the unique `identifier` index from the start.
          await store.ensureIndexes(this.ferretDb);
          if (SLOW_TO_SCAN.has(collection)) return;
          const needed = reader !== undefined && (await store.needsBackfill());
          if (needed) await store.readAll(reader);
          this.reads.get(collection)!.resolve(needed);
        };
        if (!(await this.retrying(`reading ${collection}`, read))) return;
      }
      for (const [collection, store] of this.stores) {
        const reader = this.backfillReaders.get(collection);
        const index = async () => {
          const feeds = SLOW_TO_SCAN.has(collection) && reader !== undefined && (await store.needsBackfill());
          await store.backfillIndexes(feeds ? reader : undefined);
          if (SLOW_TO_SCAN.has(collection)) this.reads.get(collection)!.resolve(feeds);
          this.ready.get(collection)!.resolve();
        };
        if (!(await this.retrying(`indexing ${collection}`, index))) return;
      }
    })().catch((error: unknown) => this.logger.error(`indexing: ${(error as Error).message}`));
  }

  /**
   * Whether a dedup lookup on `collection` waited for its pass rather than scan (SLOW_TO_SCAN, on
   * FerretDB: MongoDB answers the same query from an index).
   */
  private async waitsForPass(collection: CollectionName): Promise<boolean> {
    if (!SLOW_TO_SCAN.has(collection) || !this.ferretDb) return false;
    await this.indexed(collection);
    return true;
  }

  /** Runs `step` until it succeeds (the database may be away); false when the server stops first. */
  private async retrying(what: string, step: () => Promise<void>): Promise<boolean> {
    for (;;) {
      if (this.stopping) return false;
      try {
        await step();
        return true;
      } catch (error) {
        if (this.stopping) return false;
        this.logger.error(`${what} failed (again in ${INDEX_RETRY_MS / 1000} s): ${(error as Error).message}`);
        await new Promise((r) => setTimeout(r, INDEX_RETRY_MS));
      }
    }
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  /** Settles once `collection`'s indexes are built and its dedup and time indexes cover every stored document. */
  indexed(collection: CollectionName): Promise<void> {
    return this.ready.get(collection)!.promise;
  }

  /**
   * Settles with true once every stored document of `collection` went to its `readBackfill` reader
   * (a start on a database not indexed yet), false when there was no such read (the time index serves).
   */
  delivered(collection: CollectionName): Promise<boolean> {
    return this.reads.get(collection)!.promise;
  }

  /** Sees every document of a first start's read of `collection` (the read model loads from it rather than wait for the indexes). */
  readBackfill(collection: CollectionName, reader: (docs: readonly StoredDocument[]) => void): void {
    this.backfillReaders.set(collection, reader);
  }

  get(collection: CollectionName): DocumentStore {
    return this.stores.get(collection)!;
  }

  /** The storage engine's version, as v3 `/version` reports it. */
  async storageVersion(): Promise<string> {
    return String((await this.buildInfo()).version);
  }

  /** Whether the database is FerretDB (the embedded one, or another given in `MONGODB_URI`). */
  private async isFerretDb(): Promise<boolean> {
    return 'ferretdbVersion' in (await this.buildInfo());
  }

  private buildInfo(): Promise<Record<string, unknown>> {
    return this.connection.db!.admin().command({ buildInfo: 1 });
  }

  /**
   * Database size figures for the legacy `dbstats` and the dbsize plugin. They change slowly and
   * cost a database command (FerretDB walks its files: tens of seconds during a first start's
   * passes), so they are read at most every DBSTATS_MAX_AGE_MS. The caller that starts a read waits
   * up to DBSTATS_WAIT_MS for it; the others meanwhile take the last figures at once.
   */
  dbStats(now = Date.now()): Promise<{ dataSize?: number; indexSize?: number }> {
    if (this.stats && now - this.stats.at <= DBSTATS_MAX_AGE_MS) {
      if (!this.stats.settled) return Promise.resolve(this.lastStats);
    } else {
      const stats = { at: now, value: this.readDbStats(), settled: false };
      void stats.value.then((value) => {
        this.lastStats = value;
        stats.settled = true;
      });
      this.stats = stats;
    }
    let timer: NodeJS.Timeout | undefined;
    const last = new Promise<{ dataSize?: number; indexSize?: number }>((resolve) => (timer = setTimeout(() => resolve(this.lastStats), DBSTATS_WAIT_MS)));
    return Promise.race([this.stats.value, last]).finally(() => clearTimeout(timer));
  }

  private async readDbStats(): Promise<{ dataSize?: number; indexSize?: number }> {
    try {
      const stats = await this.connection.db!.stats();
      return { dataSize: stats.dataSize, indexSize: stats.indexSize };
    } catch {
      return {};
    }
  }

}

interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}
