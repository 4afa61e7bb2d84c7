import { readEnv, splitList } from './environment';

/** Features the reference enables unless `DISABLE` lists them (also reported as `DEFAULT_FEATURES`). */
export const DEFAULT_FEATURES = [
  'bgnow', 'delta', 'direction', 'timeago', 'devicestatus', 'upbat', 'errorcodes', 'profile', 'bolus', 'dbsize',
  'runtimestate', 'basal', 'careportal',
] as const;

export type AlarmType = 'simple' | 'predict';

export interface Features {
  /** Enabled features and plugins, in the reference's order. */
  enable: string[];
  /** `simple` (BG thresholds) and/or `predict` (AR2 forecast). */
  alarmTypes: AlarmType[];
  /** `OBSCURED`: features left out of the `enable` list clients see. */
  obscured: string[];
}

const words = (env: NodeJS.ProcessEnv, name: string) => splitList(readEnv(env, name)?.toLowerCase());

/**
 * The reference's rule (docs/protocol/api-v1.md §5.7): `ALARM_TYPES` when set, else `simple` if
 * a `BG_*` threshold was set and `predict` otherwise; `treatmentnotify` when `ENABLE` names
 * careportal, pushover or maker (or a Pushover token is set), then the defaults, then
 * `simplealarms`/`ar2` for the alarm types, minus `DISABLE`.
 */
export function readFeatures(env: NodeJS.ProcessEnv, thresholdWasSet: boolean): Features {
  const listed = words(env, 'ALARM_TYPES').filter((t): t is AlarmType => t === 'simple' || t === 'predict');
  const alarmTypes: AlarmType[] = listed.length > 0 ? [...new Set(listed)] : [thresholdWasSet ? 'simple' : 'predict'];
  const enable = words(env, 'ENABLE');
  if (readEnv(env, 'PUSHOVER_API_TOKEN') !== undefined) enable.push('pushover');
  if (['careportal', 'pushover', 'maker'].some((f) => enable.includes(f))) enable.push('treatmentnotify');
  enable.push(...DEFAULT_FEATURES);
  if (alarmTypes.includes('simple')) enable.push('simplealarms');
  if (alarmTypes.includes('predict')) enable.push('ar2');
  const disabled = new Set(words(env, 'DISABLE'));
  return { enable: [...new Set(enable)].filter((f) => !disabled.has(f)), alarmTypes, obscured: words(env, 'OBSCURED') };
}
