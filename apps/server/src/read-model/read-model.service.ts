import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import { ClusterBus } from '../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DocumentsChangedEvent } from '../events/documents-changed.event';
import { StoreRegistry } from '../storage/store-registry';
import type { DocumentFilter, FindOptions, StoredDocument } from '../storage/stored-document';
import { RecentDocuments, type Coverage } from './recent-documents';

const DAY = 24 * 3600_000;
const MIB = 1024 * 1024;

/**
 * What the read model holds per collection (docs/performance.md, "Read model"): five days, a day
 * more than v1's default window, so that default list queries are answered too; capped whatever clients upload.
 */
export const COVERAGE: ReadonlyMap<CollectionName, Coverage> = new Map<CollectionName, Coverage>([
  ['entries', { field: 'date', kind: 'number', spanMs: 5 * DAY, caps: { count: 20_000, bytes: 32 * MIB } }],
  ['treatments', { field: 'created_at', kind: 'string', spanMs: 5 * DAY, caps: { count: 10_000, bytes: 16 * MIB } }],
  ['devicestatus', { field: 'created_at', kind: 'string', spanMs: 5 * DAY, caps: { count: 5_000, bytes: 48 * MIB } }],
]);

/** The read side of the polled queries: recent entries, treatments and device status, kept exact by the domain events. */
@Injectable()
export class ReadModelService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReadModel');
  private readonly models = new Map<CollectionName, RecentDocuments>();

  constructor(
    private readonly stores: StoreRegistry,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (!config.readModel) return;
    this.reset();
  }

  /** Loads in the background: until a collection is loaded its queries go to the database. */
  onApplicationBootstrap(): void {
    if (this.models.size === 0) return;
    void this.load().catch(() => undefined);
    // Other instances' changes may have been missed: the database answers until the model is reloaded.
    this.cluster.participate({
      suspend: () => this.reset(),
      resync: () => {
        this.reset();
        return this.load();
      },
    });
  }

  /** Empty models, answering nothing until loaded. */
  private reset(): void {
    for (const [collection, coverage] of COVERAGE) this.models.set(collection, new RecentDocuments(coverage, Date.now()));
  }

  private async load(): Promise<void> {
    await Promise.all(
      [...this.models].map(([collection, model]) =>
        this.stores
          .get(collection)
          .find(model.loadFilter())
          .then((docs) => model.load(docs))
          .catch((error: unknown) => {
            this.logger.error(`loading ${collection}: ${(error as Error).message}`);
            throw error;
          }),
      ),
    );
  }

  apply(event: DocumentsChangedEvent): void {
    this.models.get(event.collection)?.apply(event);
  }

  /** The database's answer from memory, or undefined when the database must be asked. */
  query(collection: CollectionName, filter: DocumentFilter, options?: FindOptions): StoredDocument[] | undefined {
    return this.models.get(collection)?.query(filter, options);
  }

  /** Reads through the read model, else the store. */
  find(collection: CollectionName, filter: DocumentFilter, options: FindOptions = {}): Promise<StoredDocument[]> {
    const answer = this.query(collection, filter, options);
    return answer ? Promise.resolve(answer) : this.stores.get(collection).find(filter, options);
  }
}

/** Projects every committed change into the read model. */
@EventsHandler(DocumentsChangedEvent)
export class ReadModelListener implements IEventHandler<DocumentsChangedEvent> {
  constructor(private readonly readModel: ReadModelService) {}

  handle(event: DocumentsChangedEvent): void {
    this.readModel.apply(event);
  }
}
