import type { AppConfig } from '../config/app-config';
import { DEFAULT_FEATURES } from '../config/features';
import type { ExtendedValue } from '../config/extended-settings';

/** Plugins of the reference's web client: only their extended settings (and `devicestatus`) reach clients. */
const CLIENT_PLUGINS = [
  'bgnow', 'rawbg', 'direction', 'timeago', 'upbat', 'ar2', 'errorcodes', 'iob', 'cob', 'careportal', 'pump', 'openaps',
  'xdripjs', 'loop', 'override', 'bwp', 'cage', 'sage', 'iage', 'bage', 'basal', 'bolus', 'boluscalc', 'profile', 'speech',
  'dbsize', 'devicestatus',
];

/** Keys the reference never sends (at any depth), plus anything that names a secret. */
const SECRET_KEYS = new Set(['apnsKey', 'apnsKeyId', 'developerTeamId', 'userName', 'password', 'obscured', 'obscureDeviceProvenance']);
const looksSecret = (key: string) => SECRET_KEYS.has(key) || /secret|password|token/i.test(key);

/** A copy without keys that name secrets, at any depth (settings, extended settings, plugin properties). */
export function withoutSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutSecrets) as T;
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(Object.entries(value).filter(([key]) => !looksSecret(key)).map(([key, v]) => [key, withoutSecrets(v)])) as T;
}

/** The reference always shows these pills, and `rawbg` when raw BG is shown. */
function shownPlugins(config: AppConfig): string {
  const { showPlugins, showRawbg } = config.settings;
  return `${showPlugins} delta direction upbat${showRawbg === 'always' || showRawbg === 'noise' ? ' rawbg' : ''}`;
}

const frames = (prefix: 'frameUrl' | 'frameName', values: string[]) => Object.fromEntries(values.map((v, i) => [`${prefix}${i + 1}`, v]));

/**
 * The `settings` object of `/api/v1/status` and the legacy socket's status, in the reference's
 * shape and key order (docs/protocol/api-v1.md §5.7): what the site configured, the features it
 * enabled (minus `OBSCURED` ones) and the alarm types.
 */
export function serverSettings(config: AppConfig): Record<string, unknown> {
  const { frameUrls, frameNames, showPlugins: _showPlugins, ...settings } = config.settings;
  const obscured = new Set(config.obscured);
  return {
    units: config.displayUnits,
    ...settings,
    showPlugins: shownPlugins(config),
    heartbeat: config.heartbeatSeconds,
    authDefaultRoles: config.authDefaultRoles.join(' '),
    thresholds: { ...config.thresholds },
    insecureUseHttp: config.insecureUseHttp,
    ...frames('frameUrl', frameUrls),
    ...frames('frameName', frameNames),
    authFailDelay: config.authFailDelayMs,
    DEFAULT_FEATURES: [...DEFAULT_FEATURES],
    alarmTypes: [...config.alarmTypes],
    enable: config.enable.filter((f) => !obscured.has(f)),
  };
}

/** `extendedSettings`: the client plugins' `<PLUGIN>_<NAME>` settings, without secrets. */
export function clientExtendedSettings(config: AppConfig): Record<string, Record<string, ExtendedValue>> {
  const result: Record<string, Record<string, ExtendedValue>> = {};
  for (const name of CLIENT_PLUGINS) {
    const settings = config.extendedSettings.get(name);
    if (settings) result[name] = withoutSecrets({ ...settings });
  }
  return result;
}
