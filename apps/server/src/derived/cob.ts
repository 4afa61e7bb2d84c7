import type { DeviceStatusItem, TreatmentItem } from '@nightscout/protocol';
import { DEVICE_STATUS_RECENCY_MS, iobTotal } from './iob';
import type { Profiles } from './profile';
import { MINUTE, millsOf, num } from './units';

export interface TreatmentCob {
  decayedBy: number;
  isDecaying: number;
  carbs_hr?: number;
  rawCarbImpact: number;
  cob: number;
  lastCarbs: TreatmentItem | null;
}

export interface Cob {
  cob?: number;
  source?: string;
  device?: string;
  mills?: number;
  treatmentCOB?: TreatmentCob;
  decayedBy?: number;
  isDecaying?: number;
  carbs_hr?: number;
  rawCarbImpact?: number;
  lastCarbs?: TreatmentItem | null;
  display?: number;
  displayLine?: string;
}

/** Carbs start being absorbed this long after they are eaten. */
const ABSORPTION_DELAY_MIN = 20;
/** How much insulin activity slows absorption (the reference's tuning). */
const LIVER_SENS_RATIO = 8;
const FUTURE_ALLOWANCE_MS = 5 * MINUTE;
/** A loop's COB is used while it is at most this old. */
const DEVICE_COB_MAX_AGE_MS = 10 * MINUTE;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

/** The COB a device status reports: OpenAPS's newer of enacted/suggested, or Loop's. */
export function cobFromDeviceStatus(status: DeviceStatusItem): Cob {
  if (status.openaps !== undefined) {
    const openaps = isObject(status.openaps) ? status.openaps : {};
    const suggested = isObject(openaps.suggested) ? openaps.suggested : undefined;
    const enacted = isObject(openaps.enacted) ? openaps.enacted : undefined;
    const s = suggested && millsOf(suggested.timestamp);
    const e = enacted && millsOf(enacted.timestamp);
    const useEnacted = enacted && (!suggested || (e !== undefined && s !== undefined && e > s));
    const chosen = useEnacted ? enacted : suggested;
    const mills = useEnacted ? e : s;
    const cob = chosen ? num(chosen.COB) : undefined;
    if (cob === undefined || mills === undefined) return {};
    return { cob, source: 'OpenAPS', device: status.device as string | undefined, mills };
  }
  const loop = isObject(status.loop) ? status.loop.cob : undefined;
  if (isObject(loop)) return { cob: num(loop.cob), source: 'Loop', device: status.device as string | undefined, mills: millsOf(loop.timestamp) };
  return {};
}

export function lastCobDeviceStatus(devicestatus: readonly DeviceStatusItem[], time: number): Cob | undefined {
  return devicestatus
    .filter((s) => s.mills <= time + FUTURE_ALLOWANCE_MS && s.mills >= time - DEVICE_STATUS_RECENCY_MS)
    .map(cobFromDeviceStatus)
    .filter((c) => Object.keys(c).length > 0)
    .sort((a, b) => (a.mills ?? 0) - (b.mills ?? 0))
    .at(-1);
}

/** One meal's absorption end (`decayedBy`), counting the carbs still absorbing before it. */
function cobCalc(carbs: number, carbTime: number, profile: Profiles, lastDecayedBy: number, time: number): { decayedBy: number; isDecaying: number } {
  const carbsPerMin = (profile.value(carbTime, 'carbs_hr') ?? NaN) / 60;
  const minutesLeft = (lastDecayedBy - carbTime) / MINUTE;
  // The reference adds minutes with Date#setMinutes, which drops the fraction.
  const decayedBy = carbTime + Math.trunc(Math.max(ABSORPTION_DELAY_MIN, minutesLeft) + carbs / carbsPerMin) * MINUTE;
  const startDecay = carbTime + ABSORPTION_DELAY_MIN * MINUTE;
  return { decayedBy, isDecaying: time < lastDecayedBy || time > startDecay ? 1 : 0 };
}

/** Carbs on board from the treatments: linear absorption at `carbs_hr`, slowed by insulin activity. */
export function cobFromTreatments(treatments: readonly TreatmentItem[], devicestatus: readonly DeviceStatusItem[], profile: Profiles, time: number): TreatmentCob {
  let totalCob = 0;
  let lastCarbs: TreatmentItem | null = null;
  let isDecaying = 0;
  let lastDecayedBy = 0;
  // Only boluses carry activity: the reference scanned every treatment twice per meal.
  const boluses = treatments.filter((t) => num(t.insulin));
  const activityAt = (t: number) => iobTotal(boluses, devicestatus, profile, t).activity;
  for (const treatment of treatments) {
    const carbs = num(treatment.carbs);
    if (!carbs || treatment.mills >= time) continue;
    lastCarbs = treatment;
    const calc = cobCalc(carbs, treatment.mills, profile, lastDecayedBy, time);
    let decaysInHours = (calc.decayedBy - time) / 3_600_000;
    if (decaysInHours > -10) {
      const avgActivity = ((activityAt(lastDecayedBy) ?? NaN) + (activityAt(calc.decayedBy) ?? NaN)) / 2;
      const delayedCarbs = ((avgActivity * LIVER_SENS_RATIO) / (profile.value(treatment.mills, 'sens') ?? NaN)) * (profile.value(treatment.mills, 'carbratio') ?? NaN);
      const delayMinutes = Math.round((delayedCarbs / (profile.value(treatment.mills, 'carbs_hr') ?? NaN)) * 60);
      if (delayMinutes > 0) {
        calc.decayedBy += delayMinutes * MINUTE;
        decaysInHours = (calc.decayedBy - time) / 3_600_000;
      }
    }
    lastDecayedBy = calc.decayedBy;
    if (decaysInHours > 0) {
      totalCob += Math.min(carbs, decaysInHours * (profile.value(treatment.mills, 'carbs_hr') ?? NaN));
      isDecaying = calc.isDecaying;
    } else {
      totalCob = 0;
    }
  }
  const sens = profile.value(time, 'sens') ?? NaN;
  const carbRatio = profile.value(time, 'carbratio') ?? NaN;
  const carbsHr = profile.value(time, 'carbs_hr');
  return { decayedBy: lastDecayedBy, isDecaying, carbs_hr: carbsHr, rawCarbImpact: (((isDecaying * sens) / carbRatio) * (carbsHr ?? NaN)) / 60, cob: totalCob, lastCarbs };
}

/**
 * Carbs on board: a loop's report of the last 10 minutes when there is one, else computed from
 * the treatments. Needs a profile with `sens` and `carbratio`.
 */
export function cobTotal(treatments: readonly TreatmentItem[], devicestatus: readonly DeviceStatusItem[], profile: Profiles, time: number): Cob {
  if (!profile.hasData() || !profile.value(time, 'sens') || !profile.value(time, 'carbratio')) return {};
  let result: Cob = lastCobDeviceStatus(devicestatus, time) ?? {};
  if (result.cob === undefined || result.mills === undefined || time - result.mills > DEVICE_COB_MAX_AGE_MS) {
    const computed = treatments.length > 0 ? cobFromTreatments(treatments, devicestatus, profile, time) : undefined;
    result = computed ? { ...computed, source: 'Care Portal', treatmentCOB: { ...computed } } : { source: 'Care Portal' };
  }
  if (result.cob === undefined) return {};
  const display = Math.round(result.cob * 10) / 10;
  return { ...result, display, displayLine: `COB: ${display}g` };
}
