import type { DeviceStatusItem, TreatmentItem } from '@nightscout/protocol';
import type { Profiles } from './profile';
import { MINUTE, millsOf, num, round3, toFixed2 } from './units';

export interface Iob {
  iob?: number;
  basaliob?: number;
  activity?: number;
  source?: string;
  device?: string;
  mills?: number;
  lastBolus?: TreatmentItem | null;
  /** Care-portal IOB when a device reported its own. */
  treatmentIob?: number;
  display?: string;
  displayLine?: string;
}

/** Device status older than this is not used for IOB/COB. */
export const DEVICE_STATUS_RECENCY_MS = 30 * MINUTE;
/** Device clocks may run a little ahead. */
const FUTURE_ALLOWANCE_MS = 5 * MINUTE;
const PEAK = 75;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const at = (timestamp: unknown, fallback: number) => (timestamp === undefined ? fallback : (millsOf(timestamp) ?? NaN));

/** The IOB a device status reports: OpenAPS first, then Loop, then the pump's own. */
export function iobFromDeviceStatus(status: DeviceStatusItem, time: number): Iob {
  const openaps = isObject(status.openaps) ? status.openaps.iob : undefined;
  const loop = isObject(status.loop) ? status.loop.iob : undefined;
  const pump = isObject(status.pump) ? status.pump.iob : undefined;
  if (isObject(openaps)) {
    const first = Array.isArray(openaps) ? (openaps[0] as unknown) : openaps;
    if (!isObject(first) || Object.keys(first).length === 0) return {};
    return { iob: num(first.iob), basaliob: num(first.basaliob), activity: num(first.activity), source: 'OpenAPS', device: status.device as string | undefined, mills: at(first.time ?? first.timestamp, time) };
  }
  if (isObject(loop)) return { iob: num(loop.iob), source: 'Loop', device: status.device as string | undefined, mills: at(loop.timestamp, time) };
  if (isObject(pump)) {
    return { iob: num(pump.iob) || num(pump.bolusiob), source: status.connect !== undefined ? 'MM Connect' : undefined, device: status.device as string | undefined, mills: status.mills };
  }
  return {};
}

const hasValue = (iob: Iob) => Object.values(iob).some((v) => v !== undefined);

/** The newest device-reported IOB of the last 30 minutes; Loop's own figure wins over its pump's. */
export function lastIobDeviceStatus(devicestatus: readonly DeviceStatusItem[], time: number): Iob | undefined {
  const iobs = devicestatus
    .filter((s) => s.mills <= time + FUTURE_ALLOWANCE_MS && s.mills >= time - DEVICE_STATUS_RECENCY_MS)
    .map((s) => iobFromDeviceStatus(s, time))
    .filter(hasValue)
    .sort((a, b) => (a.mills ?? 0) - (b.mills ?? 0));
  return iobs.filter((i) => i.source === 'Loop').at(-1) ?? iobs.at(-1);
}

/** One bolus's remaining insulin and its activity (the reference's bilinear curve scaled to DIA). */
export function insulinContribution(treatment: TreatmentItem, profile: Profiles, time: number): { iobContrib: number; activityContrib: number } {
  const result = { iobContrib: 0, activityContrib: 0 };
  const insulin = num(treatment.insulin);
  if (!insulin) return result;
  const dia = (profile.hasData() && profile.value(time, 'dia')) || 3;
  const sens = (profile.hasData() && profile.value(time, 'sens')) || 0;
  const minAgo = ((3 / dia) * (time - treatment.mills)) / MINUTE;
  if (minAgo < PEAK) {
    const x1 = minAgo / 5 + 1;
    result.iobContrib = insulin * (1 - 0.001852 * x1 * x1 + 0.001852 * x1);
    result.activityContrib = sens * insulin * (2 / dia / 60 / PEAK) * minAgo;
  } else if (minAgo < 180) {
    const x2 = (minAgo - 75) / 5;
    result.iobContrib = insulin * (0.001323 * x2 * x2 - 0.054233 * x2 + 0.55556);
    result.activityContrib = sens * insulin * (2 / dia / 60 - ((minAgo - PEAK) * 2) / dia / 60 / (60 * 3 - PEAK));
  }
  return result;
}

export function iobFromTreatments(treatments: readonly TreatmentItem[], profile: Profiles, time: number): Iob {
  let iob = 0;
  let activity = 0;
  let lastBolus: TreatmentItem | null = null;
  for (const t of treatments) {
    if (t.mills > time) continue;
    const c = insulinContribution(t, profile, time);
    if (c.iobContrib > 0) lastBolus = t;
    iob += c.iobContrib || 0;
    activity += c.activityContrib || 0;
  }
  return { iob: round3(iob), activity, lastBolus, source: 'Care Portal' };
}

/**
 * Insulin on board: a loop's recent report when there is one (with the care-portal figure as
 * `treatmentIob`), else computed from the boluses and the profile's DIA.
 */
export function iobTotal(treatments: readonly TreatmentItem[], devicestatus: readonly DeviceStatusItem[], profile: Profiles, time: number): Iob {
  const reported = lastIobDeviceStatus(devicestatus, time);
  const computed = treatments.length > 0 ? iobFromTreatments(treatments, profile, time) : {};
  let result: Iob;
  if (!reported) result = computed;
  else {
    result = { ...reported };
    if (computed.iob) result.treatmentIob = round3(computed.iob);
  }
  if (result.iob) result.iob = round3(result.iob);
  if (!hasValue(result) || result.iob === undefined) return {};
  const display = toFixed2(result.iob);
  return { ...result, display, displayLine: `IOB: ${display}U` };
}
