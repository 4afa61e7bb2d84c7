import type { TreatmentItem } from '@nightscout/protocol';
import type { DerivedData } from '../derived/sandbox';
import { MMOL_TO_MGDL, num } from '../derived/units';
import { processDurations } from '../derived/profile';

const ascending = (items: TreatmentItem[]) => items.sort((a, b) => a.mills - b.mills);
const ofType = (treatments: readonly TreatmentItem[], part: string) => ascending(treatments.filter((t) => String(t.eventType ?? '').includes(part)));

/** Temporary targets in mg/dl: `units: mmol`, or values below 20, are converted as the reference does. */
function tempTargetsInMgdl(treatments: readonly TreatmentItem[]): TreatmentItem[] {
  return treatments.map((t) => {
    const top = num(t.targetTop) ?? NaN;
    const bottom = num(t.targetBottom) ?? NaN;
    if (t.units === 'mmol' || top < 20 || bottom < 20) return { ...t, targetTop: top * MMOL_TO_MGDL, targetBottom: bottom * MMOL_TO_MGDL, units: 'mg/dl' };
    return t;
  });
}

/**
 * The reference's in-memory data set (`ddata`) as `/api/v2/ddata/at` serves it: the window's
 * data and the per-kind treatment lists its plugins use, durations cut as the reference cuts them.
 */
export function ddataBody(data: DerivedData & { food: readonly unknown[] }, lastUpdated: number): Record<string, unknown> {
  const treatments = data.treatments;
  return {
    sgvs: data.sgvs,
    treatments,
    mbgs: data.mbgs,
    cals: data.cals,
    profiles: data.profiles,
    devicestatus: data.devicestatus,
    food: data.food,
    activity: [],
    dbstats: data.dbstats ?? {},
    lastUpdated,
    sitechangeTreatments: ofType(treatments, 'Site Change'),
    insulinchangeTreatments: ofType(treatments, 'Insulin Change'),
    batteryTreatments: ofType(treatments, 'Pump Battery Change'),
    sensorTreatments: ofType(treatments, 'Sensor'),
    profileTreatments: processDurations(ascending(treatments.filter((t) => t.eventType === 'Profile Switch')), true),
    combobolusTreatments: ascending(treatments.filter((t) => t.eventType === 'Combo Bolus')),
    tempbasalTreatments: processDurations(ofType(treatments, 'Temp Basal'), false),
    tempTargetTreatments: processDurations(tempTargetsInMgdl(ofType(treatments, 'Temporary Target')), false),
  };
}
