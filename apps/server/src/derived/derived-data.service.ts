import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DataWindowService } from '../realtime/legacy/data-window.service';
import { StoreRegistry } from '../storage/store-registry';
import { Sandbox, type DerivedData } from './sandbox';
import type { DisplayUnits } from './units';

/** Database statistics change slowly and cost a database round trip: read them at most this often. */
const DBSTATS_MAX_AGE_MS = 5 * 60_000;

/** Builds sandboxes over the legacy data window for the alarm engine and the follower endpoints. */
@Injectable()
export class DerivedDataService {
  private dbstats?: { at: number; value: Promise<DerivedData['dbstats']> };

  constructor(
    private readonly dataWindow: DataWindowService,
    private readonly stores: StoreRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The data the window holds now (database size only when the `dbsize` plugin is enabled). */
  async current(now = Date.now()): Promise<DerivedData> {
    const window = this.dataWindow.window;
    const profile = window.profileItem();
    return {
      sgvs: window.sgvs(),
      mbgs: window.mbgItems(),
      cals: window.calItems(),
      treatments: window.treatmentItems(),
      devicestatus: window.deviceStatus(),
      profiles: profile ? [profile] : [],
      dbstats: this.config.enable.includes('dbsize') ? await this.databaseStats(now) : undefined,
    };
  }

  async sandbox(now = Date.now(), options: { units?: DisplayUnits } = {}): Promise<Sandbox> {
    return new Sandbox(this.config, await this.current(now), now, options);
  }

  private databaseStats(now: number): Promise<DerivedData['dbstats']> {
    if (!this.dbstats || now - this.dbstats.at > DBSTATS_MAX_AGE_MS) this.dbstats = { at: now, value: this.stores.dbStats() };
    return this.dbstats.value;
  }
}
