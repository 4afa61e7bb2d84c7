import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import { ClusterBus } from '../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DocumentsChangedEvent } from '../events/documents-changed.event';
import { StoreRegistry } from '../storage/store-registry';
import type { DocumentFilter, FindOptions, StoredDocument } from '../storage/stored-document';
import { TIME_FIELDS } from '../storage/time-index';
import { RecentDocuments, type Coverage } from './recent-documents';

const DAY = 24 * 3600_000;
const MIB = 1024 * 1024;
/**
 * Loaded once the other collections are: `authorize` and the follower endpoints wait for those, the
 * legacy window sends device status later as a delta, and FerretDB takes about 2 ms to read each
 * device status, which slowed the other loads when all ran at once (docs/performance.md, "Start-up").
 */
const LOADED_LAST: ReadonlySet<CollectionName> = new Set(['devicestatus']);

/**
 * What the read model holds per collection (docs/performance.md, "Read model"): five days, a day
 * more than v1's default window, so that default list queries are answered too; capped whatever clients upload.
 */
export const COVERAGE: ReadonlyMap<CollectionName, Coverage> = new Map<CollectionName, Coverage>([
  ['entries', { ...TIME_FIELDS.get('entries')!, spanMs: 5 * DAY, caps: { count: 20_000, bytes: 32 * MIB } }],
  ['treatments', { ...TIME_FIELDS.get('treatments')!, spanMs: 5 * DAY, caps: { count: 10_000, bytes: 16 * MIB } }],
  ['devicestatus', { ...TIME_FIELDS.get('devicestatus')!, spanMs: 5 * DAY, caps: { count: 5_000, bytes: 48 * MIB } }],
]);

/** The read side of the polled queries: recent entries, treatments and device status, kept exact by the domain events. */
@Injectable()
export class ReadModelService implements OnApplicationBootstrap {
  private readonly logger = new Logger('ReadModel');
  private readonly models = new Map<CollectionName, RecentDocuments>();
  private readonly loads = new Map<CollectionName, Promise<void>>();
  /** Counts the sets of models: the first may be fed by the one-time pass, later ones are reloads. */
  private generation = 0;
  /** Other instances' changes are being missed: everything goes to the database. */
  private suspended = false;

  constructor(
    private readonly stores: StoreRegistry,
    cluster: ClusterBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    if (!config.readModel) return;
    this.reset();
    // The first models take their documents from the one-time pass when this start makes one.
    for (const [collection, model] of this.models) stores.readBackfill(collection, (docs) => model.add(docs));
    // Other instances' changes may have been missed (docs/scale-out.md): the database answers until
    // the models are reloaded. Registered here, before the projections that read from the models
    // (the legacy data window), so that their reloads wait for these.
    cluster.participate({
      suspend: () => {
        this.suspended = true;
        this.reset();
      },
      resync: async () => {
        this.reset();
        this.suspended = false;
        this.startLoading();
        await Promise.all(this.loads.values());
        if ([...this.models.values()].some((model) => !model.isLoaded)) throw new Error('the read model did not load');
      },
    });
  }

  /**
   * Loads in the background, from the time index once the store has built it (docs/performance.md,
   * "Start-up"): until a collection is loaded, the queries it may answer wait, the others go to the database.
   */
  onApplicationBootstrap(): void {
    this.startLoading();
  }

  /** Empty models, answering nothing until loaded. */
  private reset(): void {
    this.generation++;
    this.loads.clear();
    for (const [collection, coverage] of COVERAGE) this.models.set(collection, new RecentDocuments(coverage, Date.now()));
  }

  /** Starts the loads once per generation (the first caller may be a projection that waits on them at its own start). */
  private startLoading(): void {
    if (this.loads.size > 0 || this.suspended) return;
    const reloading = this.generation > 1;
    for (const [collection, model] of this.models) {
      const store = this.stores.get(collection);
      // The loads started so far (they never reject: failures are logged below).
      const first = LOADED_LAST.has(collection) ? [...this.loads.values()] : [];
      const load = async () => {
        await Promise.all(first);
        // On a database indexed for the first time, a read of every document loaded the first model;
        // otherwise (and on reloads) it loads from the time index, once that is complete.
        if (reloading || !(await this.stores.delivered(collection))) {
          await this.stores.indexed(collection);
          const started = Date.now();
          const { floor, modifiedFloor } = model.floors();
          model.add(await store.findRecent(floor, modifiedFloor));
          this.logger.log(`${collection}: ${model.heldCount()} recent documents loaded from the time index in ${Date.now() - started} ms`);
        }
        model.finishLoad();
      };
      this.loads.set(
        collection,
        load().catch((error: unknown) => this.logger.error(`loading ${collection}: ${(error as Error).message}`)),
      );
    }
  }

  /** Whether `collection` has a read model (READ_MODEL on). */
  covers(collection: CollectionName): boolean {
    return this.models.has(collection);
  }

  /** Settles when `collection` is loaded (or has no read model, or is suspended). */
  async loaded(collection: CollectionName): Promise<void> {
    this.startLoading();
    await this.loads.get(collection);
  }

  apply(event: DocumentsChangedEvent): void {
    this.models.get(event.collection)?.apply(event);
  }

  /** The database's answer from memory, or undefined when the database must be asked. */
  query(collection: CollectionName, filter: DocumentFilter, options?: FindOptions): StoredDocument[] | undefined {
    return this.models.get(collection)?.query(filter, options);
  }

  /** Reads through the read model (waiting for its load when it may answer), else the store. */
  async find(collection: CollectionName, filter: DocumentFilter, options: FindOptions = {}): Promise<StoredDocument[]> {
    const model = this.models.get(collection);
    if (model && !this.suspended && !model.isLoaded && model.mayAnswer(filter, options)) await this.loaded(collection);
    return this.query(collection, filter, options) ?? this.stores.get(collection).find(filter, options);
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
