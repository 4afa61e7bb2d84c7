import { ConfigError } from './config-error';
import type { ExtendedSettings, ExtendedValue } from './extended-settings';

/** Hours thresholds of a device-age plugin (cage, sage, iage, bage). */
export interface AgeSettings {
  info: number;
  warn: number;
  urgent: number;
  display: 'hours' | 'days';
  enableAlerts: boolean;
}

/** CGM error code → notification level (ERRORCODES_INFO/WARN/URGENT). */
export type ErrorCodeLevels = ReadonlyMap<number, number>;

/**
 * The server-side plugins' extended settings, typed, with the reference's defaults
 * (docs/compatibility/alarms-and-followers.md lists each).
 */
export interface PluginSettings {
  ar2: { coneFactor: number };
  bwp: { snooze: number; warn: number; urgent: number; snoozeMins: number };
  cage: AgeSettings;
  sage: AgeSettings;
  iage: AgeSettings;
  bage: AgeSettings;
  pump: {
    fields: string[];
    retroFields: string[];
    warnClock: number;
    urgentClock: number;
    warnRes: number;
    urgentRes: number;
    warnBattV: number;
    urgentBattV: number;
    warnBattP: number;
    urgentBattP: number;
    warnOnSuspend: boolean;
    enableAlerts: boolean;
    warnBattQuietNight: boolean;
  };
  openaps: { warn: number; urgent: number; enableAlerts: boolean };
  loop: { warn: number; urgent: number; enableAlerts: boolean };
  upbat: { warn: number; urgent: number; enableAlerts: boolean };
  errorcodes: ErrorCodeLevels;
  dbsize: { warnPercentage: number; urgentPercentage: number; max: number; enableAlerts: boolean; inMib: boolean };
  treatmentnotify: { snoozeMins: number; includeBolusesOver: number };
  timeago: { enableAlerts: boolean };
  rawbg: { display: 'unsmoothed' | 'unfiltered' | 'filtered' };
}

const LEVEL = { INFO: 0, WARN: 1, URGENT: 2 } as const;

/** `BAGE_ENABLE_ALERTS` from `bage` + `enableAlerts`. */
export const variableName = (plugin: string, key: string) => `${plugin}_${key.replace(/[A-Z]/g, (c) => `_${c}`)}`.toUpperCase();

class Reader {
  private readonly values: Readonly<Record<string, ExtendedValue>>;

  constructor(
    private readonly plugin: string,
    extended: ExtendedSettings,
  ) {
    this.values = extended.get(plugin) ?? {};
  }

  private raw(key: string): ExtendedValue | undefined {
    return Object.hasOwn(this.values, key) ? this.values[key] : undefined;
  }

  number(key: string, fallback: number, check: (n: number) => boolean = (n) => n > 0, rule = 'a positive number'): number {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !check(value)) throw new ConfigError(variableName(this.plugin, key), `must be ${rule} (got "${String(value)}")`);
    return value;
  }

  flag(key: string): boolean {
    const value = this.raw(key);
    if (value === undefined) return false;
    if (value === 1 || value === 0) return value === 1;
    if (typeof value !== 'boolean') throw new ConfigError(variableName(this.plugin, key), `must be true or false (got "${String(value)}")`);
    return value;
  }

  choice<T extends string>(key: string, choices: readonly T[], fallback: T): T {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    const found = choices.find((c) => c === String(value).toLowerCase());
    if (!found) throw new ConfigError(variableName(this.plugin, key), `must be one of ${choices.join(', ')} (got "${String(value)}")`);
    return found;
  }

  words(key: string, fallback: string[]): string[] {
    const value = this.raw(key);
    const words = value === undefined ? [] : String(value).toLowerCase().split(/\s+/).filter(Boolean);
    return words.length > 0 ? words : fallback;
  }

  /** A list of code numbers, or `off` for none (the reference could not turn a list off). */
  codes(key: string, fallback: number[]): number[] {
    const value = this.raw(key);
    if (value === undefined) return fallback;
    if (value === false) return [];
    const codes = String(value).split(/[\s,]+/).filter(Boolean).map(Number);
    if (codes.some((c) => !Number.isInteger(c) || c < 0 || c > 38)) {
      throw new ConfigError(variableName(this.plugin, key), `must be CGM error codes (0-38) separated by spaces, or off (got "${String(value)}")`);
    }
    return codes;
  }
}

function ages(extended: ExtendedSettings, plugin: string, info: number, warn: number, urgent: number, display: AgeSettings['display']): AgeSettings {
  const r = new Reader(plugin, extended);
  const hours = (key: string, fallback: number) => r.number(key, fallback, (n) => Number.isInteger(n) && n > 0, 'a whole number of hours');
  return { info: hours('info', info), warn: hours('warn', warn), urgent: hours('urgent', urgent), display: r.choice('display', ['hours', 'days'], display), enableAlerts: r.flag('enableAlerts') };
}

function errorCodes(extended: ExtendedSettings): ErrorCodeLevels {
  const r = new Reader('errorcodes', extended);
  const levels = new Map<number, number>();
  for (const code of r.codes('info', [1, 2, 3, 4, 5, 6, 7, 8])) levels.set(code, LEVEL.INFO);
  for (const code of r.codes('warn', [])) levels.set(code, LEVEL.WARN);
  for (const code of r.codes('urgent', [9, 10])) levels.set(code, LEVEL.URGENT);
  return levels;
}

export function readPluginSettings(extended: ExtendedSettings): PluginSettings {
  const minutes = (r: Reader, key: string, fallback: number) => r.number(key, fallback, (n) => n > 0, 'a positive number of minutes');
  const ar2 = new Reader('ar2', extended);
  const bwp = new Reader('bwp', extended);
  const pump = new Reader('pump', extended);
  const openaps = new Reader('openaps', extended);
  const loop = new Reader('loop', extended);
  const upbat = new Reader('upbat', extended);
  const dbsize = new Reader('dbsize', extended);
  const notify = new Reader('treatmentnotify', extended);
  const percent = (r: Reader, key: string, fallback: number) => r.number(key, fallback, (n) => n >= 0 && n <= 100, 'a percentage from 0 to 100');
  return {
    ar2: { coneFactor: ar2.number('coneFactor', 2, (n) => n >= 0, 'a number from 0') },
    bwp: { snooze: bwp.number('snooze', 0.1), warn: bwp.number('warn', 0.5), urgent: bwp.number('urgent', 1), snoozeMins: minutes(bwp, 'snoozeMins', 10) },
    cage: ages(extended, 'cage', 44, 48, 72, 'hours'),
    sage: ages(extended, 'sage', 144, 164, 166, 'days'),
    iage: ages(extended, 'iage', 44, 48, 72, 'days'),
    bage: ages(extended, 'bage', 312, 336, 360, 'days'),
    pump: {
      fields: pump.words('fields', ['reservoir']),
      retroFields: pump.words('retroFields', ['reservoir', 'battery']),
      warnClock: minutes(pump, 'warnClock', 30),
      urgentClock: minutes(pump, 'urgentClock', 60),
      warnRes: pump.number('warnRes', 10),
      urgentRes: pump.number('urgentRes', 5),
      warnBattV: pump.number('warnBattV', 1.35),
      urgentBattV: pump.number('urgentBattV', 1.3),
      warnBattP: percent(pump, 'warnBattP', 30),
      urgentBattP: percent(pump, 'urgentBattP', 20),
      warnOnSuspend: pump.flag('warnOnSuspend'),
      enableAlerts: pump.flag('enableAlerts'),
      warnBattQuietNight: pump.flag('warnBattQuietNight'),
    },
    openaps: { warn: minutes(openaps, 'warn', 30), urgent: minutes(openaps, 'urgent', 60), enableAlerts: openaps.flag('enableAlerts') },
    loop: { warn: minutes(loop, 'warn', 30), urgent: minutes(loop, 'urgent', 60), enableAlerts: loop.flag('enableAlerts') },
    upbat: { warn: percent(upbat, 'warn', 30), urgent: percent(upbat, 'urgent', 20), enableAlerts: upbat.flag('enableAlerts') },
    errorcodes: errorCodes(extended),
    dbsize: {
      warnPercentage: percent(dbsize, 'warnPercentage', 60),
      urgentPercentage: percent(dbsize, 'urgentPercentage', 75),
      max: dbsize.number('max', 496, (n) => n > 0, 'a size in MiB'),
      enableAlerts: dbsize.flag('enableAlerts'),
      inMib: dbsize.flag('inMib'),
    },
    treatmentnotify: { snoozeMins: minutes(notify, 'snoozeMins', 10), includeBolusesOver: notify.number('includeBolusesOver', 0, (n) => n >= 0, 'units of insulin from 0') },
    timeago: { enableAlerts: new Reader('timeago', extended).flag('enableAlerts') },
    rawbg: { display: new Reader('rawbg', extended).choice('display', ['unsmoothed', 'unfiltered', 'filtered'], 'unsmoothed') },
  };
}
