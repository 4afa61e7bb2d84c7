import { ConfigError } from './config-error';
import { readBoolean, readChoice, readEnv, readNumber } from './environment';

export const FRAME_COUNT = 8;

/**
 * What the web UI shows and how it alarms, from the reference's variables (`TIME_FORMAT`,
 * `ALARM_HIGH_MINS`, `FRAME_URL_1` …) with its defaults. `showPlugins` is the site's list as set;
 * the status output appends what the reference always shows.
 */
export interface DisplaySettings {
  timeFormat: 12 | 24;
  dayStart: number;
  dayEnd: number;
  nightMode: boolean;
  editMode: boolean;
  showRawbg: 'never' | 'always' | 'noise';
  customTitle: string;
  theme: 'default' | 'colors' | 'colorblindfriendly';
  alarmUrgentHigh: boolean;
  alarmUrgentHighMins: number[];
  alarmHigh: boolean;
  alarmHighMins: number[];
  alarmLow: boolean;
  alarmLowMins: number[];
  alarmUrgentLow: boolean;
  alarmUrgentLowMins: number[];
  alarmUrgentMins: number[];
  alarmWarnMins: number[];
  alarmTimeagoWarn: boolean;
  alarmTimeagoWarnMins: number;
  alarmTimeagoUrgent: boolean;
  alarmTimeagoUrgentMins: number;
  alarmPumpBatteryLow: boolean;
  language: string;
  scaleY: 'log' | 'linear' | 'log-dynamic';
  showPlugins: string;
  showForecast: string;
  focusHours: number;
  baseURL: string;
  secureHstsHeader: boolean;
  secureHstsHeaderIncludeSubdomains: boolean;
  secureHstsHeaderPreload: boolean;
  secureCsp: boolean;
  deNormalizeDates: boolean;
  showClockDelta: boolean;
  showClockLastTime: boolean;
  /** `FRAME_URL_1` … `FRAME_URL_8` ('' when unset). */
  frameUrls: string[];
  frameNames: string[];
  adminNotifiesEnabled: boolean;
  authenticationPromptOnLoad: boolean;
}

/** Snooze choices: numbers separated by spaces (the reference's separator) or commas. */
function minutesList(env: NodeJS.ProcessEnv, name: string, fallback: number[]): number[] {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const values = raw.split(/[\s,]+/).filter(Boolean).map(Number);
  if (values.length === 0 || values.some((v) => !Number.isFinite(v) || v <= 0 || v > 24 * 60)) {
    throw new ConfigError(name, `must be minutes from 1 to 1440 separated by spaces (got "${raw}")`);
  }
  return values;
}

/** A split-view frame: an http(s) URL or a path of this site; anything else (`javascript:`) is refused. */
function frameUrl(env: NodeJS.ProcessEnv, index: number): string {
  // The reference's name is FRAME_URL_<n>; FRAME_URL<n> is accepted too since sites write it that way.
  const name = readEnv(env, `FRAME_URL_${index}`) !== undefined ? `FRAME_URL_${index}` : `FRAME_URL${index}`;
  const raw = readEnv(env, name);
  if (raw === undefined) return '';
  if (/^\/(?!\/)/.test(raw)) return raw;
  let protocol: string | undefined;
  try {
    protocol = new URL(raw).protocol;
  } catch {
    protocol = undefined;
  }
  if (protocol !== 'http:' && protocol !== 'https:') throw new ConfigError(name, `must be an http(s) URL or a path starting with / (got "${raw}")`);
  return raw;
}

const frameName = (env: NodeJS.ProcessEnv, index: number): string => readEnv(env, `FRAME_NAME_${index}`) ?? readEnv(env, `FRAME_NAME${index}`) ?? '';

const hour = (env: NodeJS.ProcessEnv, name: string, fallback: number) => readNumber(env, name, fallback, (n) => n >= 0 && n <= 24, 'an hour from 0 to 24');
const positiveMinutes = (env: NodeJS.ProcessEnv, name: string, fallback: number) => readNumber(env, name, fallback, (n) => n > 0, 'a positive number of minutes');

export function readDisplaySettings(env: NodeJS.ProcessEnv): DisplaySettings {
  const language = readEnv(env, 'LANGUAGE') ?? 'en';
  if (!/^[a-z]{2,3}([_-][a-z]{2,4})?$/i.test(language)) throw new ConfigError('LANGUAGE', `must be a language code such as en, de or zh_cn (got "${language}")`);
  const alarmTimeagoWarnMins = positiveMinutes(env, 'ALARM_TIMEAGO_WARN_MINS', 15);
  const alarmTimeagoUrgentMins = positiveMinutes(env, 'ALARM_TIMEAGO_URGENT_MINS', 30);
  if (alarmTimeagoUrgentMins < alarmTimeagoWarnMins) {
    throw new ConfigError('ALARM_TIMEAGO_URGENT_MINS', `must not be less than ALARM_TIMEAGO_WARN_MINS (${alarmTimeagoWarnMins})`);
  }
  const frames = Array.from({ length: FRAME_COUNT }, (_, i) => i + 1);
  return {
    timeFormat: readChoice(env, 'TIME_FORMAT', ['12', '24'], '12') === '24' ? 24 : 12,
    dayStart: hour(env, 'DAY_START', 7),
    dayEnd: hour(env, 'DAY_END', 21),
    nightMode: readBoolean(env, 'NIGHT_MODE', false),
    editMode: readBoolean(env, 'EDIT_MODE', true),
    showRawbg: readChoice(env, 'SHOW_RAWBG', ['never', 'always', 'noise'], 'never'),
    customTitle: readEnv(env, 'CUSTOM_TITLE') ?? 'Nightscout',
    theme: readChoice(env, 'THEME', ['default', 'colors', 'colorblindfriendly'], 'default'),
    alarmUrgentHigh: readBoolean(env, 'ALARM_URGENT_HIGH', true),
    alarmUrgentHighMins: minutesList(env, 'ALARM_URGENT_HIGH_MINS', [30, 60, 90, 120]),
    alarmHigh: readBoolean(env, 'ALARM_HIGH', true),
    alarmHighMins: minutesList(env, 'ALARM_HIGH_MINS', [30, 60, 90, 120]),
    alarmLow: readBoolean(env, 'ALARM_LOW', true),
    alarmLowMins: minutesList(env, 'ALARM_LOW_MINS', [15, 30, 45, 60]),
    alarmUrgentLow: readBoolean(env, 'ALARM_URGENT_LOW', true),
    alarmUrgentLowMins: minutesList(env, 'ALARM_URGENT_LOW_MINS', [15, 30, 45]),
    alarmUrgentMins: minutesList(env, 'ALARM_URGENT_MINS', [30, 60, 90, 120]),
    alarmWarnMins: minutesList(env, 'ALARM_WARN_MINS', [30, 60, 90, 120]),
    alarmTimeagoWarn: readBoolean(env, 'ALARM_TIMEAGO_WARN', true),
    alarmTimeagoWarnMins,
    alarmTimeagoUrgent: readBoolean(env, 'ALARM_TIMEAGO_URGENT', true),
    alarmTimeagoUrgentMins,
    alarmPumpBatteryLow: readBoolean(env, 'ALARM_PUMP_BATTERY_LOW', false),
    language,
    scaleY: readChoice(env, 'SCALE_Y', ['log', 'linear', 'log-dynamic'], 'log'),
    showPlugins: readEnv(env, 'SHOW_PLUGINS') ?? 'dbsize',
    showForecast: readEnv(env, 'SHOW_FORECAST') ?? 'ar2',
    focusHours: readNumber(env, 'FOCUS_HOURS', 3, (n) => n > 0 && n <= 24, 'hours from 1 to 24'),
    baseURL: readEnv(env, 'BASE_URL') ?? '',
    secureHstsHeader: readBoolean(env, 'SECURE_HSTS_HEADER', true),
    secureHstsHeaderIncludeSubdomains: readBoolean(env, 'SECURE_HSTS_HEADER_INCLUDESUBDOMAINS', false),
    secureHstsHeaderPreload: readBoolean(env, 'SECURE_HSTS_HEADER_PRELOAD', false),
    secureCsp: readBoolean(env, 'SECURE_CSP', false),
    deNormalizeDates: readBoolean(env, 'DE_NORMALIZE_DATES', false),
    showClockDelta: readBoolean(env, 'SHOW_CLOCK_DELTA', false),
    showClockLastTime: readBoolean(env, 'SHOW_CLOCK_LAST_TIME', false),
    frameUrls: frames.map((i) => frameUrl(env, i)),
    frameNames: frames.map((i) => frameName(env, i)),
    adminNotifiesEnabled: readBoolean(env, 'ADMIN_NOTIFIES_ENABLED', true),
    authenticationPromptOnLoad: readBoolean(env, 'AUTHENTICATION_PROMPT_ON_LOAD', false),
  };
}
