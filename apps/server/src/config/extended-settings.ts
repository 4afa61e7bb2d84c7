export type ExtendedValue = string | number | boolean;

/** Per plugin, its `<PLUGIN>_<NAME>` variables as camel-case keys (`BAGE_ENABLE_ALERTS` → `bage.enableAlerts`). */
export type ExtendedSettings = ReadonlyMap<string, Readonly<Record<string, ExtendedValue>>>;

/** `ENABLE_ALERTS` → `enableAlerts`, `WARN_BATT_P` → `warnBattP`, `STATE_NOTIFY_INTRVL2` → `stateNotifyIntrvl2`. */
export function camelCase(snake: string): string {
  return snake
    .toLowerCase()
    .split(/[^a-z0-9]+|(?<=[a-z])(?=[0-9])|(?<=[0-9])(?=[a-z])/)
    .filter(Boolean)
    .map((word, i) => (i === 0 ? word : word[0].toUpperCase() + word.slice(1)))
    .join('');
}

/** Numbers become numbers and on/true/off/false booleans, as in the reference. */
function typed(value: string): ExtendedValue {
  if (Number.isFinite(Number(value))) return Number(value);
  const lower = value.toLowerCase();
  if (lower === 'on' || lower === 'true') return true;
  if (lower === 'off' || lower === 'false') return false;
  return value;
}

/**
 * The reference's extended settings: for every enabled feature, each variable named
 * `<FEATURE>_<REST>` (Azure prefix and case ignored) becomes `extended[feature][camelCase(REST)]`;
 * `devicestatus` starts as `{ advanced: true, days: 1 }`.
 */
export function readExtendedSettings(env: NodeJS.ProcessEnv, enable: readonly string[]): ExtendedSettings {
  const byName = new Map<string, string>();
  for (const [key, raw] of Object.entries(env)) {
    const value = raw?.trim();
    if (!value) continue;
    const name = key.toUpperCase().replace(/^CUSTOMCONNSTR_/, '');
    // The Azure-prefixed variable wins, as readEnv prefers it.
    if (!byName.has(name) || key.toUpperCase().startsWith('CUSTOMCONNSTR_')) byName.set(name, value);
  }
  const extended = new Map<string, Record<string, ExtendedValue>>();
  extended.set('devicestatus', Object.assign(Object.create(null) as Record<string, ExtendedValue>, { advanced: true, days: 1 }));
  for (const feature of new Set(enable)) {
    const prefix = `${feature.toUpperCase()}_`;
    for (const [name, value] of byName) {
      if (!name.startsWith(prefix) || name.length === prefix.length) continue;
      const settings = extended.get(feature) ?? (Object.create(null) as Record<string, ExtendedValue>);
      settings[camelCase(name.slice(prefix.length))] = typed(value);
      extended.set(feature, settings);
    }
  }
  return extended;
}
