import { Controller, Get, Inject, Param, UseGuards } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import { PermissionsGuard, RequirePermissions } from '../auth/permissions.guard';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { DerivedDataService } from '../derived/derived-data.service';
import { badRequest } from '../http/nightscout-error';
import { DataWindow, LONG_LIVED_TREATMENTS } from '../realtime/legacy/data-window';
import { StoreRegistry } from '../storage/store-registry';
import type { StoredDocument } from '../storage/stored-document';
import { ddataBody } from './ddata';
import { Operation, ok, v1Error } from '../contracts/openapi-decorators';

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
/** Within this of now the live window answers, as the reference answers from memory. */
const CURRENT_MS = 5 * MINUTE;
const live = { isValid: { $ne: false } };

/** `GET /api/v2/ddata/at/:at?`: the data set the legacy UI and plugins see, now or as it was at `at`. */
@Controller('api/v2/ddata')
@UseGuards(PermissionsGuard)
@RequirePermissions(apiPermission('entries', 'read'), apiPermission('treatments', 'read'))
export class DdataController {
  constructor(
    private readonly derived: DerivedDataService,
    private readonly stores: StoreRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get(['at', 'at/:at'])
  @Operation('The data set the legacy UI and plugins see, now or at a past time', null, ok('The data set', { type: 'object' }), v1Error(400, 'at is not an ISO 8601 date or epoch milliseconds'))
  async at(@Param('at') at: string | undefined) {
    const now = Date.now();
    const time = at === undefined ? now : /^\d+$/.test(at) ? Number(at) : Date.parse(at);
    if (!Number.isFinite(time)) throw badRequest('Bad time', 'at must be an ISO 8601 date or epoch milliseconds');
    if (Math.abs(time - now) < CURRENT_MS) return ddataBody(await this.derived.current(now), now);
    return ddataBody(await this.derived.current(time, await this.frame(time)), time);
  }

  /** The reference's frame for a past time: 2 days of entries, 2.5 of treatments, 1 of device status, up to `at`. */
  private async frame(at: number): Promise<DataWindow> {
    const iso = (ms: number) => new Date(ms).toISOString();
    const until = (days: number) => ({ $gte: iso(at - days * DAY), $lte: iso(at) });
    const treatments = this.stores.get('treatments');
    const longLived = await Promise.all(
      LONG_LIVED_TREATMENTS.map((eventType) => treatments.findOne({ ...live, eventType, created_at: until(eventType === 'Profile Switch' ? 372 : 62) }, { sort: { created_at: -1 } })),
    );
    const window = new DataWindow({ units: this.config.displayUnits, obscureDevice: this.config.obscureDeviceProvenance }, () => at);
    window.load({
      entries: await this.stores.get('entries').find({ ...live, date: { $gte: at - 2 * DAY, $lte: at } }),
      treatments: [...(await treatments.find({ ...live, created_at: until(2.5) })), ...longLived.filter((d): d is StoredDocument => d !== null)],
      devicestatus: await this.stores.get('devicestatus').find({ ...live, created_at: until(1) }),
      profile: (await this.stores.get('profile').findOne(live, { sort: { startDate: -1, _id: -1 } })) ?? undefined,
      food: await this.stores.get('food').find(live, { limit: 5000 }),
    });
    return window;
  }
}
