import type { DeviceStatusItem, TreatmentItem } from '@nightscout/protocol';
import type { PluginSettings } from '../config/plugin-settings';
import { offlineMarker } from './openaps';
import { formatAgo } from './timeago';
import { MINUTE, millsOf, num, secondsFromMidnight } from './units';

type PumpPrefs = PluginSettings['pump'];

interface Field {
  label?: string;
  display?: string;
  value?: unknown;
  level?: number;
  message?: string;
  unit?: string;
}

export interface PumpData {
  level: number;
  title: string;
  message?: string;
  clock: Field | null;
  reservoir: Field | null;
  battery?: Field;
  status?: Field;
  device: Field;
  manufacturer?: unknown;
  model?: unknown;
  extended: unknown;
}

export type PumpProperty = Partial<DeviceStatusItem> & { clockMills?: number; data: PumpData };

const NONE = -3;
const WARN = 1;
const URGENT = 2;
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The pump status with the newest pump clock among the device statuses of the last 2 × `PUMP_URGENT_CLOCK` minutes. */
export function latestPumpStatus(devicestatus: readonly DeviceStatusItem[], time: number, prefs: PumpPrefs): (DeviceStatusItem & { clockMills: number }) | undefined {
  let latest: (DeviceStatusItem & { clockMills: number }) | undefined;
  for (const status of devicestatus) {
    if (status.pump === undefined || status.mills > time || status.mills < time - prefs.urgentClock * 2 * MINUTE) continue;
    const clock = isObject(status.pump) ? millsOf(status.pump.clock) : undefined;
    const clockMills = clock ?? status.mills;
    if (!latest || clockMills > latest.clockMills) latest = { ...status, clockMills };
  }
  return latest;
}

/**
 * Reservoir, battery (percent or volts), clock age and suspension against the `PUMP_*`
 * thresholds; the worst field gives the level and title, unless an `OpenAPS Offline` marker runs.
 */
export function pumpData(status: Partial<DeviceStatusItem> | undefined, prefs: PumpPrefs, context: { time: number; timezone?: string; dayStart: number; dayEnd: number; treatments: readonly TreatmentItem[] }): PumpData {
  const { time } = context;
  const pump = status && isObject(status.pump) ? status.pump : {};
  const clockMills = millsOf(pump.clock);
  const result: PumpData = {
    level: NONE,
    title: 'Pump Status',
    clock: pump.clock && clockMills !== undefined ? { value: new Date(clockMills).toISOString() } : null,
    reservoir: num(pump.reservoir) !== undefined ? { value: num(pump.reservoir) } : null,
    manufacturer: pump.manufacturer,
    model: pump.model,
    extended: pump.extended ?? null,
    device: { label: 'Device', display: status?.device as string | undefined },
  };
  if (result.clock && clockMills !== undefined) {
    Object.assign(result.clock, { label: 'Last Clock', display: formatAgo(clockMills, time) });
    if (clockMills < time - prefs.urgentClock * MINUTE) Object.assign(result.clock, { level: URGENT, message: 'URGENT: Pump data stale' });
    else if (clockMills < time - prefs.warnClock * MINUTE) Object.assign(result.clock, { level: WARN, message: 'Warning, Pump data stale' });
    else result.clock.level = NONE;
  }
  const reservoir = result.reservoir && (result.reservoir.value as number);
  if (result.reservoir && reservoir !== null) {
    Object.assign(result.reservoir, { label: 'Reservoir', display: `${reservoir.toPrecision(3)}U` });
    if (reservoir < prefs.urgentRes) Object.assign(result.reservoir, { level: URGENT, message: 'URGENT: Pump Reservoir Low' });
    else if (reservoir < prefs.warnRes) Object.assign(result.reservoir, { level: WARN, message: 'Warning, Pump Reservoir Low' });
    else result.reservoir.level = NONE;
  } else if (pump.manufacturer === 'Insulet') {
    result.reservoir = { label: 'Reservoir', display: '50+ U' };
  }
  if (result.reservoir && pump.reservoir_display_override) result.reservoir.display = String(pump.reservoir_display_override);
  if (result.reservoir && pump.reservoir_level_override) result.reservoir.level = num(pump.reservoir_level_override);
  if (isObject(pump.status)) {
    const value = pump.status.bolusing ? 'bolusing' : pump.status.suspended ? 'suspended' : String(pump.status.status ?? 'normal');
    result.status = { value, display: value, label: 'Status' };
    // The reference never raised this (it read the setting from the wrong object).
    if (value === 'suspended' && prefs.warnOnSuspend) Object.assign(result.status, { level: WARN, message: 'Pump Suspended' });
  }
  const hourOfDay = secondsFromMidnight(time, context.timezone) / 3600;
  const batteryWarn = !(prefs.warnBattQuietNight && context.timezone !== undefined && (hourOfDay < context.dayStart || hourOfDay > context.dayEnd));
  const battery = isObject(pump.battery) ? pump.battery : {};
  const percent = num(battery.percent);
  const voltage = num(battery.voltage);
  const volts = !percent && !!voltage;
  const batteryValue = percent || voltage;
  if (batteryValue) {
    const [urgent, warn] = volts ? [prefs.urgentBattV, prefs.warnBattV] : [prefs.urgentBattP, prefs.warnBattP];
    result.battery = { value: batteryValue, unit: volts ? 'volts' : 'percent', label: 'Battery', display: `${batteryValue}${volts ? 'v' : '%'}`, level: NONE };
    if (batteryValue < urgent && batteryWarn) Object.assign(result.battery, { level: URGENT, message: 'URGENT: Pump Battery Low' });
    else if (batteryValue < warn && batteryWarn) Object.assign(result.battery, { level: WARN, message: 'Warning, Pump Battery Low' });
  }
  if (!offlineMarker(context.treatments, time)) {
    for (const field of [result.reservoir, result.battery, result.clock, result.status]) {
      if (field?.level !== undefined && field.level > result.level) {
        result.level = field.level;
        result.title = field.message ?? result.title;
      }
    }
  }
  if (result.level > NONE) {
    result.message = [result.battery && `Pump Battery: ${result.battery.display}`, result.reservoir && `Pump Reservoir: ${result.reservoir.display}`].filter(Boolean).join('\n');
  }
  return result;
}
