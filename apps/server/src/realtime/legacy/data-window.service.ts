import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DataUpdatePayload } from '@nightscout/protocol';
import { Subject } from 'rxjs';
import { ClusterBus } from '../../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { ReadModelService } from '../../read-model/read-model.service';
import { StoreRegistry } from '../../storage/store-registry';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { DataWindow, LONG_LIVED_TREATMENTS, WINDOWS } from './data-window';

/** Bursts of writes within this many ms go out as one delta (the reference waited up to 5 s). */
export const DELTA_COALESCE_MS = 1;
const DAY = 24 * 3600_000;
const live = { isValid: { $ne: false } };

/** Owns the legacy data window: loads it (again after missed changes), folds in every domain event, publishes deltas. */
@Injectable()
export class DataWindowService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('DataWindow');
  readonly window: DataWindow;
  /** Settles when the window is loaded: readers of `window` (snapshots, alarm checks) wait for it. */
  ready: Promise<void> = Promise.resolve();
  /**
   * Settles when device status is in the window too. On a database indexed for the first time it
   * is loaded last (its pass takes longest), and reaches clients as a delta; alarm checks wait for it.
   */
  complete: Promise<void> = Promise.resolve();
  /** Changes that arrived during the load, folded in after it (they are at least as new as what it read). */
  private pending?: DocumentsChangedEvent[];
  private loadError?: unknown;
  /** Deltas ready for `DataReceivers`. */
  readonly deltas = new Subject<DataUpdatePayload>();
  /** Fires after each change has been folded in (the alarm engine re-checks then). */
  readonly changed = new Subject<DocumentsChangedEvent>();
  /** Fires after the window was reloaded from the database because changes may have been missed. */
  readonly reloaded = new Subject<void>();
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly stores: StoreRegistry,
    private readonly readModel: ReadModelService,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.window = new DataWindow({ units: config.displayUnits, obscureDevice: config.obscureDeviceProvenance });
  }

  onModuleInit(): void {
    this.startLoad();
    // After missed changes of other instances (docs/scale-out.md), reloaded the same way.
    this.cluster.participate({
      resync: async () => {
        this.loadError = undefined;
        this.startLoad();
        await this.complete;
        if (this.loadError) throw this.loadError;
        this.reloaded.next();
      },
    });
  }

  /** Loads in the background (docs/performance.md, "Start-up"); changes meanwhile wait in `pending`. */
  private startLoad(): void {
    this.pending = [];
    const failed = (error: unknown) => {
      this.loadError = error;
      this.logger.error(`loading the data window: ${(error as Error).message}`);
    };
    let late: Promise<StoredDocument[]> | undefined;
    this.ready = this.load()
      // A block, not `late = …` as the arrow's value: returning the promise would make the chain, and with it `ready`, wait for device status.
      .then((loaded) => {
        late = loaded.later;
      })
      .catch(failed)
      .then(async () => {
        const pending = this.pending ?? [];
        this.pending = undefined;
        for (const event of pending) await this.apply(event);
      });
    this.complete = this.ready.then(async () => {
      const statuses = late && (await late);
      if (statuses?.length) await this.apply(new DocumentsChangedEvent('devicestatus', 'create', statuses, 'system'));
    }).catch(failed);
  }

  /** Loads the window; device status too when it is ready as soon as the rest, else returns it to come later. */
  private async load(): Promise<{ later?: Promise<StoredDocument[]> }> {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    let devicestatus: StoredDocument[] | undefined;
    const statuses = this.recent('devicestatus', { ...live, created_at: { $gte: iso(now - WINDOWS.devicestatus) } });
    void statuses.then((docs) => (devicestatus = docs), () => undefined);
    const [entries, treatments, longLived, profile, food] = await Promise.all([
      this.recent('entries', { ...live, date: { $gte: now - WINDOWS.entries } }),
      this.recent('treatments', { ...live, created_at: { $gte: iso(now - WINDOWS.treatments) } }),
      this.longLivedTreatments(now),
      this.latestProfile(),
      this.stores.get('food').find(live, { limit: 5000 }),
    ]);
    this.window.load({ entries, treatments: [...treatments, ...longLived], devicestatus: devicestatus ?? [], profile: profile ?? undefined, food });
    // Wrapped: an async function returning a promise would wait for it.
    return { later: devicestatus ? undefined : statuses };
  }

  /** Recent documents: from the read model once it is loaded, else (READ_MODEL off) from the database. */
  private async recent(collection: 'entries' | 'treatments' | 'devicestatus', filter: DocumentFilter): Promise<StoredDocument[]> {
    return this.readModel.covers(collection) ? this.readModel.find(collection, filter) : this.stores.get(collection).find(filter);
  }

  /**
   * The latest of each long-lived treatment type within its reach (62 days, a profile switch 372):
   * one query, as each is a scan of the collection on FerretDB.
   */
  private async longLivedTreatments(now: number): Promise<StoredDocument[]> {
    const reach = (eventType: string) => new Date(now - (eventType === 'Profile Switch' ? 372 : 62) * DAY).toISOString();
    const found = await this.stores
      .get('treatments')
      .find({ ...live, eventType: { $in: LONG_LIVED_TREATMENTS }, created_at: { $gte: reach('Profile Switch') } });
    const latest = new Map<string, StoredDocument>();
    for (const doc of found) {
      const type = String(doc.eventType);
      const current = latest.get(type);
      if (String(doc.created_at) >= reach(type) && (!current || String(doc.created_at) > String(current.created_at))) latest.set(type, doc);
    }
    return [...latest.values()];
  }

  onModuleDestroy(): void {
    clearTimeout(this.flushTimer);
    this.deltas.complete();
    this.changed.complete();
    this.reloaded.complete();
  }

  async apply(event: DocumentsChangedEvent): Promise<void> {
    if (this.pending) {
      this.pending.push(event);
      return;
    }
    const hasDelta = this.window.apply(event);
    if (this.window.needsProfileReload(event)) this.window.setProfile((await this.latestProfile()) ?? undefined);
    if (hasDelta || event.collection === 'profile') this.scheduleFlush();
    this.changed.next(event);
  }

  private latestProfile(): Promise<StoredDocument | null> {
    return this.stores.get('profile').findOne(live, { sort: { startDate: -1, _id: -1 } });
  }

  private scheduleFlush(): void {
    this.flushTimer ??= setTimeout(() => {
      this.flushTimer = undefined;
      const delta = this.window.takeDelta();
      if (delta) this.deltas.next(delta);
    }, DELTA_COALESCE_MS);
  }
}
