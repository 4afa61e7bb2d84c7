import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { DataWindow } from '../realtime/legacy/data-window';
import { DataWindowService } from '../realtime/legacy/data-window.service';
import { StoreRegistry } from '../storage/store-registry';
import { Sandbox, type DerivedData } from './sandbox';
import type { DisplayUnits } from './units';

/** Builds sandboxes over the legacy data window for the alarm engine and the follower endpoints. */
@Injectable()
export class DerivedDataService {
  constructor(
    private readonly dataWindow: DataWindowService,
    private readonly stores: StoreRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The data a window holds — the live one unless given (database size only when `dbsize` is enabled). */
  async current(now = Date.now(), window?: DataWindow): Promise<DerivedData & { food: Record<string, unknown>[] }> {
    if (!window) await this.dataWindow.ready;
    window ??= this.dataWindow.window;
    const profile = window.profileItem();
    return {
      sgvs: window.sgvs(),
      mbgs: window.mbgItems(),
      cals: window.calItems(),
      treatments: window.treatmentItems(),
      devicestatus: window.deviceStatus(),
      profiles: profile ? [profile] : [],
      food: window.foodItems(),
      dbstats: this.config.enable.includes('dbsize') ? await this.stores.dbStats(now) : undefined,
    };
  }

  get displayUnits(): DisplayUnits {
    return this.config.displayUnits;
  }

  async sandbox(now = Date.now(), options: { units?: DisplayUnits } = {}): Promise<Sandbox> {
    return new Sandbox(this.config, await this.current(now), now, options);
  }
}
