import type { CalItem, DeviceStatusItem, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { AppConfig } from '../config/app-config';
import { forecast, forecastLevel, type Forecast } from './ar2';
import { bgNow, delta, direction, fillBuckets, type BgNow, type Bucket, type Delta, type Direction } from './bg-now';
import { bolusWizardPreview, type Bwp } from './bwp';
import { cobTotal, type Cob } from './cob';
import { dbSize, type DbSize } from './dbsize';
import { AGE_KINDS, deviceAge, sensorAge, type AgeInfo, type SensorAge } from './device-age';
import { iobTotal, type Iob } from './iob';
import { analyzeLoop, type LoopProperty } from './loop';
import { analyzeOpenAps, type OpenApsProperty } from './openaps';
import { Profiles, type TempBasal } from './profile';
import { latestPumpStatus, pumpData, type PumpProperty } from './pump';
import { noiseLabel, rawBg, type RawBg } from './rawbg';
import { calcAgo, staleness, type Ago } from './timeago';
import { analyzeUpbat, type UpbatProperty } from './upbat';
import { scaleMgdl, unitsLabel, type DisplayUnits } from './units';

/** What the derived values are computed from: the data window's items, ascending by time. */
export interface DerivedData {
  sgvs: readonly SgvItem[];
  mbgs: readonly MbgItem[];
  cals: readonly CalItem[];
  treatments: readonly TreatmentItem[];
  devicestatus: readonly DeviceStatusItem[];
  /** Profile documents, newest first. */
  profiles: readonly Record<string, unknown>[];
  dbstats?: { dataSize?: number; indexSize?: number };
}

export interface Ar2Property {
  forecast: Forecast;
  level?: number;
  eventName?: string;
  displayLine?: string;
}

/** The reference's plugin properties (`/api/v2/properties`), by name. */
export interface Properties {
  bgnow: BgNow;
  delta: Delta;
  buckets: Bucket[];
  rawbg: RawBg;
  direction: Direction;
  upbat: UpbatProperty;
  ar2: Ar2Property;
  iob: Iob;
  cob: Cob;
  pump: PumpProperty;
  openaps: OpenApsProperty;
  loop: LoopProperty;
  bwp: Bwp;
  cage: AgeInfo;
  sage: SensorAge;
  iage: AgeInfo;
  bage: AgeInfo;
  timeago: Ago & { status: 'current' | 'warn' | 'urgent' };
  basal: { display: string; current: TempBasal };
  dbsize: DbSize;
  runtimestate: { state: string };
}

export type PropertyName = keyof Properties;

/** Each property and the plugin that must be enabled for it, in the reference's plugin order. */
const PROPERTY_PLUGINS: readonly [PropertyName, string][] = [
  ['bgnow', 'bgnow'], ['delta', 'bgnow'], ['buckets', 'bgnow'], ['rawbg', 'rawbg'], ['direction', 'direction'], ['upbat', 'upbat'],
  ['ar2', 'ar2'], ['iob', 'iob'], ['cob', 'cob'], ['pump', 'pump'], ['openaps', 'openaps'], ['loop', 'loop'], ['bwp', 'bwp'],
  ['cage', 'cage'], ['sage', 'sage'], ['iage', 'iage'], ['bage', 'bage'], ['timeago', 'timeago'], ['basal', 'basal'],
  ['dbsize', 'dbsize'], ['runtimestate', 'runtimestate'],
];
export const PROPERTY_NAMES: readonly PropertyName[] = PROPERTY_PLUGINS.map(([name]) => name);
const PLUGIN_OF = new Map(PROPERTY_PLUGINS);

/**
 * One moment's view of the data, as the reference's sandbox: each plugin's property computed on
 * first use (only for enabled plugins) and kept, so alarm producers and the properties endpoint
 * share one computation.
 */
export class Sandbox {
  readonly units: DisplayUnits;
  readonly profile: Profiles;
  private readonly computed = new Map<PropertyName, unknown>();
  private readonly enabled: ReadonlySet<string>;

  constructor(
    readonly config: AppConfig,
    readonly data: DerivedData,
    readonly time: number,
    options: { units?: DisplayUnits } = {},
  ) {
    this.units = options.units ?? config.displayUnits;
    this.enabled = new Set(config.enable);
    this.profile = new Profiles(data.profiles, data.treatments);
  }

  isEnabled(plugin: string): boolean {
    return this.enabled.has(plugin);
  }

  /** A property, or undefined when its plugin is disabled or has nothing to say. */
  property<K extends PropertyName>(name: K): Properties[K] | undefined {
    if (!this.isEnabled(PLUGIN_OF.get(name)!)) return undefined;
    if (!this.computed.has(name)) this.computed.set(name, this.compute(name) ?? undefined);
    return this.computed.get(name) as Properties[K] | undefined;
  }

  /** The properties of enabled plugins that have a value, in the reference's order. */
  properties(names: readonly string[] = PROPERTY_NAMES): Partial<Properties> {
    const wanted = new Set(names);
    const result: Partial<Record<PropertyName, unknown>> = {};
    for (const name of PROPERTY_NAMES) {
      if (!wanted.has(name)) continue;
      const value = this.property(name);
      if (value !== undefined) result[name] = value;
    }
    return result as Partial<Properties>;
  }

  /** The latest reading not in the future. */
  lastSgv(): SgvItem | undefined {
    return this.data.sgvs.findLast((s) => s.mills <= this.time);
  }

  scale(mgdl: number): number {
    return scaleMgdl(mgdl, this.units);
  }

  /** 39 and 401 are the CGM's LOW and HIGH, not values. */
  displayBg(sgv: SgvItem): string {
    if (Number(sgv.mgdl) === 39) return 'LOW';
    if (Number(sgv.mgdl) === 401) return 'HIGH';
    return String(this.scale(sgv.mgdl));
  }

  get unitsLabel(): string {
    return unitsLabel(this.units);
  }

  /** `BG Now: 145 +3 → mg/dl` and the rawbg, ar2, bwp, iob and cob lines (the reference's default alarm message). */
  defaultLines(): string[] {
    const last = this.lastSgv();
    const bgNowLine = ['BG Now:', last ? this.displayBg(last) : 'undefined', this.property('delta')?.display, this.property('direction')?.label, this.unitsLabel]
      .filter((part) => part !== undefined && part !== '')
      .join(' ');
    const extra = (['rawbg', 'ar2', 'bwp', 'iob', 'cob'] as const).map((name) => this.property(name)?.displayLine).filter((l): l is string => !!l);
    return [bgNowLine, ...extra];
  }

  defaultMessage(): string {
    return this.defaultLines().join('\n');
  }

  private compute(name: PropertyName): unknown {
    const { config, data, time, units } = this;
    const plugins = config.plugins;
    const buckets = () => this.property('buckets') ?? fillBuckets(data.sgvs, time, units);
    switch (name) {
      case 'buckets':
        return fillBuckets(data.sgvs, time, units);
      case 'bgnow':
        return bgNow(buckets());
      case 'delta':
        return delta(buckets(), units);
      case 'direction':
        return direction(this.lastSgv(), time);
      case 'rawbg':
        return this.rawbg();
      case 'upbat':
        return analyzeUpbat(data.devicestatus, time, plugins.upbat.warn, plugins.upbat.urgent);
      case 'ar2':
        return this.ar2();
      case 'iob':
        return iobTotal(data.treatments, data.devicestatus, this.profile, time);
      case 'cob':
        return cobTotal(data.treatments, data.devicestatus, this.profile, time);
      case 'pump': {
        const status = latestPumpStatus(data.devicestatus, time, plugins.pump);
        const context = { time, timezone: this.profile.timezone(time), dayStart: config.settings.dayStart, dayEnd: config.settings.dayEnd, treatments: data.treatments };
        return { ...(status ?? {}), data: pumpData(status, plugins.pump, context) };
      }
      case 'openaps':
        return analyzeOpenAps(data.devicestatus, time, plugins.openaps.warn);
      case 'loop':
        return analyzeLoop(data.devicestatus, time, plugins.loop.warn);
      case 'bwp':
        return bolusWizardPreview({ time, units, last: this.lastSgv(), profile: this.profile, iob: this.property('iob'), treatments: data.treatments });
      case 'cage':
      case 'iage':
      case 'bage':
        return deviceAge(AGE_KINDS[name], data.treatments, plugins[name], time);
      case 'sage':
        return sensorAge(data.treatments, plugins.sage, time);
      case 'timeago': {
        const last = this.lastSgv()?.mills;
        return { ...calcAgo(last, time), status: staleness(last, time, config.settings) };
      }
      case 'basal': {
        if (!this.profile.hasData() || !this.profile.value(time, 'basal')) return undefined;
        const current = this.profile.tempBasal(time);
        const mark = `${current.treatment ? 'T' : ''}${current.combobolustreatment ? 'C' : ''}`;
        return { display: `${mark ? `${mark}: ` : ''}${current.totalbasal.toFixed(3)}U`, current };
      }
      case 'dbsize':
        return dbSize(data.dbstats, plugins.dbsize);
      case 'runtimestate':
        return { state: 'loaded' };
    }
  }

  private rawbg(): RawBg {
    const sgv = this.lastSgv();
    const cal = this.data.cals.at(-1);
    if (!sgv || !cal) return {};
    const mgdl = rawBg(sgv, cal, this.config.plugins.rawbg.display);
    const noise = noiseLabel(sgv.mgdl, sgv.noise);
    return { mgdl, noiseLabel: noise, sgv, cal, displayLine: ['Raw BG:', this.scale(mgdl), this.unitsLabel, noise].join(' ') };
  }

  /** AR2 forecast, its level, and whether the 20-minute point is high or low (`ALARM_HIGH`/`ALARM_LOW` permitting). */
  private ar2(): Ar2Property {
    const result: Ar2Property = { forecast: forecast(this.property('bgnow'), this.property('delta'), this.time) };
    const level = forecastLevel(result.forecast);
    if (level !== undefined) {
      const { thresholds, settings } = { thresholds: this.config.thresholds, settings: this.config.settings };
      const in20 = result.forecast.predicted[3] && this.scale(result.forecast.predicted[3].mgdl);
      result.level = level;
      result.eventName =
        in20 === undefined ? '' : settings.alarmHigh && in20 > this.scale(thresholds.bgTargetTop) ? 'high' : settings.alarmLow && in20 < this.scale(thresholds.bgTargetBottom) ? 'low' : '';
    }
    const scaledPoints = result.forecast.predicted.map((p) => this.scale(p.mgdl));
    if (scaledPoints.length >= 3) result.displayLine = `BG 15m: ${scaledPoints[2]} ${this.unitsLabel}`;
    return result;
  }
}
