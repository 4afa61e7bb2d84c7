import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { DataUpdatePayload } from '@nightscout/protocol';
import { Subject } from 'rxjs';
import { ClusterBus } from '../../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import type { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { DataWindow, LONG_LIVED_TREATMENTS, WINDOWS } from './data-window';

/** Bursts of writes within this many ms go out as one delta (the reference waited up to 5 s). */
export const DELTA_COALESCE_MS = 1;
const DAY = 24 * 3600_000;
const live = { isValid: { $ne: false } };

/** Owns the legacy data window: loads it (again after missed changes), folds in every domain event, publishes deltas. */
@Injectable()
export class DataWindowService implements OnModuleInit, OnModuleDestroy {
  readonly window: DataWindow;
  /** Deltas ready for `DataReceivers`. */
  readonly deltas = new Subject<DataUpdatePayload>();
  /** Fires after each change has been folded in (the alarm engine re-checks then). */
  readonly changed = new Subject<DocumentsChangedEvent>();
  /** Fires after the window was reloaded from the database because changes may have been missed. */
  readonly reloaded = new Subject<void>();
  private flushTimer?: NodeJS.Timeout;

  constructor(
    private readonly stores: StoreRegistry,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.window = new DataWindow({ units: config.displayUnits, obscureDevice: config.obscureDeviceProvenance });
  }

  async onModuleInit(): Promise<void> {
    await this.load();
    this.cluster.participate({
      resync: async () => {
        await this.load();
        this.reloaded.next();
      },
    });
  }

  private async load(): Promise<void> {
    const now = Date.now();
    const iso = (ms: number) => new Date(ms).toISOString();
    const treatments = this.stores.get('treatments');
    const longLived = await Promise.all(
      LONG_LIVED_TREATMENTS.map((eventType) =>
        treatments.findOne({ ...live, eventType, created_at: { $gte: iso(now - (eventType === 'Profile Switch' ? 372 : 62) * DAY) } }, { sort: { created_at: -1 } }),
      ),
    );
    this.window.load({
      entries: await this.stores.get('entries').find({ ...live, date: { $gte: now - WINDOWS.entries } }),
      treatments: [...(await treatments.find({ ...live, created_at: { $gte: iso(now - WINDOWS.treatments) } })), ...longLived.filter((d): d is StoredDocument => d !== null)],
      devicestatus: await this.stores.get('devicestatus').find({ ...live, created_at: { $gte: iso(now - WINDOWS.devicestatus) } }),
      profile: (await this.latestProfile()) ?? undefined,
      food: await this.stores.get('food').find(live, { limit: 5000 }),
    });
  }

  onModuleDestroy(): void {
    clearTimeout(this.flushTimer);
    this.deltas.complete();
    this.changed.complete();
    this.reloaded.complete();
  }

  async apply(event: DocumentsChangedEvent): Promise<void> {
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
