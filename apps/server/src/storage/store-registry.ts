import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
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
/** After a failed index build (the database went away), the next attempt. */
const INDEX_RETRY_MS = 5_000;

/** One DocumentStore per collection, on the configured physical collection names. */
@Injectable()
export class StoreRegistry implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('StoreRegistry');
  private readonly stores: ReadonlyMap<CollectionName, DocumentStore>;
  private readonly timeIndexes: TimeIndex[] = [];
  private stats?: { at: number; value: Promise<{ dataSize?: number; indexSize?: number }> };
  private lastStats: { dataSize?: number; indexSize?: number } = {};
  /** Per collection, settles when its indexes are built and complete (see `indexed`). */
  private readonly ready = new Map<CollectionName, { promise: Promise<boolean>; resolve: (scanned: boolean) => void }>();
  private readonly backfillReaders = new Map<CollectionName, (docs: readonly StoredDocument[]) => void>();
  private stopping = false;

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
        const dedup = new DedupIndex(claims, c, model, kept && ((docs) => kept.record(docs)));
        return [c, new DocumentStore(c, model, dedup, kept)];
      }),
    );
    for (const c of COLLECTIONS) {
      let resolve!: (scanned: boolean) => void;
      const promise = new Promise<boolean>((r) => (resolve = r));
      this.ready.set(c, { promise, resolve });
    }
  }

  /**
   * Builds the indexes in the background, collection by collection (the most polled first): on a
   * database this server has not indexed yet, that is one pass over every document, minutes at a
   * year of data, and the server answers meanwhile (docs/performance.md, "Start-up").
   */
  onModuleInit(): void {
    void (async () => {
      if (!this.config.readModel) for (const time of this.timeIndexes) await time.markIncomplete();
      for (const [collection, store] of this.stores) {
        for (;;) {
          if (this.stopping) return;
          try {
            await store.ensureIndexes();
            this.ready.get(collection)!.resolve(await store.backfillIndexes(this.backfillReaders.get(collection)));
            break;
          } catch (error) {
            if (this.stopping) return;
            this.logger.error(`indexing ${collection} failed (again in ${INDEX_RETRY_MS / 1000} s): ${(error as Error).message}`);
            await new Promise((r) => setTimeout(r, INDEX_RETRY_MS));
          }
        }
      }
    })().catch((error: unknown) => this.logger.error(`indexing: ${(error as Error).message}`));
  }

  onModuleDestroy(): void {
    this.stopping = true;
  }

  /**
   * Settles once `collection`'s dedup and time indexes cover every stored document: true when that
   * took a pass over the collection, whose documents went to the `readBackfill` reader.
   */
  indexed(collection: CollectionName): Promise<boolean> {
    return this.ready.get(collection)!.promise;
  }

  /** Sees every document of `collection`'s one-time pass (the read model loads from it rather than read again). */
  readBackfill(collection: CollectionName, reader: (docs: readonly StoredDocument[]) => void): void {
    this.backfillReaders.set(collection, reader);
  }

  get(collection: CollectionName): DocumentStore {
    return this.stores.get(collection)!;
  }

  /** The storage engine's version, as v3 `/version` reports it. */
  async storageVersion(): Promise<string> {
    const info = await this.connection.db!.admin().command({ buildInfo: 1 });
    return String(info.version);
  }

  /**
   * Database size figures for the legacy `dbstats` and the dbsize plugin. They change slowly and
   * cost a database command (FerretDB walks its files), so they are read at most every DBSTATS_MAX_AGE_MS.
   */
  dbStats(now = Date.now()): Promise<{ dataSize?: number; indexSize?: number }> {
    if (!this.stats || now - this.stats.at > DBSTATS_MAX_AGE_MS) {
      const value = this.readDbStats();
      void value.then((stats) => (this.lastStats = stats));
      this.stats = { at: now, value };
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
