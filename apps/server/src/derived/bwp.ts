import type { SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { Iob } from './iob';
import type { Profiles } from './profile';
import { HOUR, MINUTE, roundBg, roundInsulin, scaleMgdl, type DisplayUnits } from './units';

export interface Bwp {
  effect: number;
  outcome: number;
  bolusEstimate: number;
  scaledSGV?: number;
  errors?: string[];
  iob?: number;
  recentCarbs?: TreatmentItem;
  aimTarget?: number;
  aimTargetString?: string;
  belowLowTarget?: boolean;
  tempBasalAdjustment?: { thirtymin: number; onehour: number };
  bolusEstimateDisplay?: string;
  outcomeDisplay?: number;
  displayIOB?: string;
  effectDisplay?: number;
  displayLine?: string;
}

interface BwpInput {
  time: number;
  units: DisplayUnits;
  last: SgvItem | undefined;
  profile: Profiles;
  iob: Iob | undefined;
  treatments: readonly TreatmentItem[];
}

function missing({ time, last, profile, iob }: BwpInput): string[] {
  const errors: string[] = [];
  if (!profile.hasData()) errors.push('Missing need a treatment profile');
  else if (!profile.value(time, 'sens') || !profile.value(time, 'target_high') || !profile.value(time, 'target_low')) {
    errors.push('Missing sens, target_high, or target_low treatment profile fields');
  }
  if (!iob) errors.push('Missing IOB property');
  if (!last || !(last.mgdl >= 39) || time - last.mills > 15 * MINUTE) errors.push("Data isn't current");
  return errors;
}

/**
 * Bolus wizard preview: the BG expected once the insulin on board has acted (BG − IOB × sens)
 * against the profile's targets, as a correction (positive) or an excess (negative), and the
 * temp basal that would cover it.
 */
export function bolusWizardPreview(input: BwpInput): Bwp {
  const { time, units, last, profile, treatments } = input;
  const scaled = last && scaleMgdl(last.mgdl, units);
  const result: Bwp = { effect: 0, outcome: 0, bolusEstimate: 0, scaledSGV: scaled };
  const errors = missing(input);
  if (errors.length > 0 || scaled === undefined) return { ...result, errors };
  const sens = profile.value(time, 'sens')!;
  const iob = (result.iob = input.iob?.iob || 0);
  result.effect = iob * sens;
  result.outcome = scaled - result.effect;
  result.recentCarbs = treatments.findLast((t) => t.mills <= time && time - t.mills < HOUR && Number(t.carbs) > 0);
  const targetHigh = profile.value(time, 'target_high')!;
  const targetLow = profile.value(time, 'target_low')!;
  if (result.outcome > targetHigh) {
    result.bolusEstimate = (result.outcome - targetHigh) / sens;
    result.aimTarget = targetHigh;
    result.aimTargetString = 'above high';
  }
  result.belowLowTarget = scaled < targetLow;
  if (result.outcome < targetLow) {
    result.bolusEstimate = -Math.abs(result.outcome - targetLow) / sens;
    result.aimTarget = targetLow;
    result.aimTargetString = 'below low';
  }
  const basal = profile.value(time, 'basal');
  if (result.bolusEstimate !== 0 && basal) {
    result.tempBasalAdjustment = {
      thirtymin: Math.round(((basal / 2 + result.bolusEstimate) / (basal / 2)) * 100),
      onehour: Math.round(((basal + result.bolusEstimate) / basal) * 100),
    };
  }
  result.bolusEstimateDisplay = roundInsulin(result.bolusEstimate);
  result.outcomeDisplay = roundBg(result.outcome, units);
  result.displayIOB = roundInsulin(iob);
  result.effectDisplay = roundBg(result.effect, units);
  result.displayLine = `BWP: ${result.bolusEstimateDisplay}U`;
  return result;
}
