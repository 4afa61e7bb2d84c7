import { ApiQuery } from '@nestjs/swagger';
import { Controller, Get, Query, UseGuards } from '@nestjs/common';
import type { SgvItem } from '@nightscout/protocol';
import { PermissionsGuard, RequirePermissions } from '../auth/permissions.guard';
import { bolusWizardPreview } from '../derived/bwp';
import { DerivedDataService } from '../derived/derived-data.service';
import type { Sandbox } from '../derived/sandbox';
import { mgdlToMmol, num } from '../derived/units';
import { Operation, ok } from '../contracts/openapi-decorators';

/** The trend numbers watch faces expect (the reference's Pebble mapping; unknown directions are 8). */
const TRENDS = new Map([['NONE', 0], ['DoubleUp', 1], ['SingleUp', 2], ['FortyFiveUp', 3], ['Flat', 4], ['FortyFiveDown', 5], ['SingleDown', 6], ['DoubleDown', 7], ['NOT COMPUTABLE', 8], ['RATE OUT OF RANGE', 9]]);
const MAX_COUNT = 1000;

interface PebbleBg {
  sgv: string;
  trend: number;
  direction?: string;
  datetime: number;
  filtered?: number;
  unfiltered?: number;
  noise?: number;
  bgdelta?: number | string;
  battery?: string;
  iob?: string | number;
  bwp?: string;
  bwpo?: number;
  cob?: number;
}

/**
 * `GET /pebble` (and `/pebble.json`): the newest `count` readings for watch faces (Pebble,
 * Garmin, Fitbit), the first one carrying delta, uploader battery and — when those plugins are
 * enabled — IOB, BWP and COB; calibrations with `rawbg`.
 */
@Controller()
@UseGuards(PermissionsGuard)
export class PebbleController {
  constructor(private readonly derived: DerivedDataService) {}

  @Get(['pebble', 'pebble.json'])
  @ApiQuery({ name: 'count', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } })
  @ApiQuery({ name: 'units', required: false, schema: { enum: ['mmol', 'mg/dl'] } })
  @Operation('The newest readings for watch faces (Pebble, Garmin, Fitbit)', null, ok('`{status: [{now}], bgs, cals}`', { type: 'object' }))
  @RequirePermissions('api:pebble,entries:read')
  async pebble(@Query('count') count: unknown, @Query('units') units: unknown) {
    const now = Date.now();
    const mmol = (typeof units === 'string' ? units : undefined) === 'mmol' || (units === undefined && this.derived.displayUnits === 'mmol');
    const sbx = await this.derived.sandbox(now, { units: mmol ? 'mmol' : 'mg/dl' });
    const n = Math.min(Math.max(parseInt(String(count), 10) || 1, 1), MAX_COUNT);
    const rawbg = sbx.isEnabled('rawbg');
    const cal = sbx.data.cals.findLast((c) => c.mills <= now);
    const newest = <T>(items: readonly T[]) => [...items].reverse().slice(0, n);
    const bgs = newest(sbx.data.sgvs).map((s) => this.bg(s, mmol, rawbg && !!cal));
    if (bgs.length > 0) this.addExtras(bgs[0], sbx, mmol);
    const cals = rawbg ? newest(sbx.data.cals).map(({ slope, intercept, scale }) => ({ slope, intercept, scale })) : [];
    return { status: [{ now }], bgs, cals };
  }

  private bg(s: SgvItem, mmol: boolean, withRaw: boolean): PebbleBg {
    const bg: PebbleBg = { sgv: mmol ? mgdlToMmol(s.mgdl) : String(s.mgdl), trend: TRENDS.get(s.direction ?? '') ?? 8, direction: s.direction, datetime: s.mills };
    if (withRaw) Object.assign(bg, { filtered: s.filtered, unfiltered: s.unfiltered, noise: s.noise });
    return bg;
  }

  private addExtras(first: PebbleBg, sbx: Sandbox, mmol: boolean): void {
    const scaled = sbx.property('delta')?.scaled || 0;
    first.bgdelta = mmol ? scaled.toFixed(1) : scaled;
    const uploader = sbx.data.devicestatus.findLast((s) => s.uploader !== undefined)?.uploader as { battery?: unknown } | undefined;
    const battery = num(uploader?.battery);
    if (battery && battery >= 0) first.battery = String(battery);
    const iob = sbx.property('iob');
    if (iob) {
      first.iob = iob.display || 0;
      const bwp = bolusWizardPreview({ time: sbx.time, units: sbx.units, last: sbx.lastSgv(), profile: sbx.profile, iob, treatments: sbx.data.treatments });
      first.bwp = bwp.bolusEstimateDisplay;
      first.bwpo = bwp.outcomeDisplay;
    }
    const cob = sbx.property('cob');
    if (cob) first.cob = cob.display || 0;
  }
}
