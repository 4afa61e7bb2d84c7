import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { COLLECTIONS, type CollectionName } from '@nightscout/protocol';
import type { Connection } from 'mongoose';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DEDUP_KEYS_COLLECTION, DedupIndex } from './dedup-index';
import { DocumentStore } from './document-store';
import type { StoredDocument } from './stored-document';

const DBSTATS_MAX_AGE_MS = 5 * 60_000;

/** One DocumentStore per collection, on the configured physical collection names. */
@Injectable()
export class StoreRegistry implements OnModuleInit {
  private readonly stores: ReadonlyMap<CollectionName, DocumentStore>;
  private stats?: { at: number; value: Promise<{ dataSize?: number; indexSize?: number }> };

  constructor(
    @InjectConnection() private readonly connection: Connection,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const claims = connection.collection(DEDUP_KEYS_COLLECTION) as never;
    this.stores = new Map(
      COLLECTIONS.map((c) => {
        const collection = connection.collection<StoredDocument>(config.collections[c]) as never;
        return [c, new DocumentStore(c, collection, new DedupIndex(claims, c, collection))];
      }),
    );
  }

  async onModuleInit(): Promise<void> {
    for (const store of this.stores.values()) {
      await store.ensureIndexes();
      await store.backfillDedupIndex();
    }
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
    if (!this.stats || now - this.stats.at > DBSTATS_MAX_AGE_MS) this.stats = { at: now, value: this.readDbStats() };
    return this.stats.value;
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
