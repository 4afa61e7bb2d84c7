import type { DisplaySettings } from '@nightscout/client';

export type Units = DisplaySettings['units'];

/** Nightscout converts with 18 mg/dl per mmol/l. */
export const MGDL_PER_MMOL = 18;

export const unitsLabel = (units: Units): string => (units === 'mmol' ? 'mmol/L' : 'mg/dL');

/** A glucose value in the display units: whole mg/dl, or mmol/l with one decimal. */
export const formatGlucose = (mgdl: number, units: Units): string =>
  units === 'mmol' ? (mgdl / MGDL_PER_MMOL).toFixed(1) : String(Math.round(mgdl));

/** A change in the display units with its sign (`+3`, `-0.4`, `±0`). */
export function formatDelta(mgdl: number, units: Units): string {
  const text = formatGlucose(Math.abs(mgdl), units);
  if (Number(text) === 0) return `±${text}`;
  return `${mgdl > 0 ? '+' : '-'}${text}`;
}

/** A value typed in the display units as mg/dl (undefined when it is not a number). */
export function toMgdl(value: number, units: Units): number {
  return units === 'mmol' ? Math.round(value * MGDL_PER_MMOL) : value;
}

/** The trend arrows CGMs report, with the angle the arrow is drawn at (0 = up) and words for screen readers. */
export const DIRECTIONS: Readonly<Record<string, { words: string; angle?: number; double?: boolean }>> = {
  DoubleUp: { words: 'rising quickly', angle: 0, double: true },
  SingleUp: { words: 'rising', angle: 0 },
  FortyFiveUp: { words: 'rising slowly', angle: 45 },
  Flat: { words: 'steady', angle: 90 },
  FortyFiveDown: { words: 'falling slowly', angle: 135 },
  SingleDown: { words: 'falling', angle: 180 },
  DoubleDown: { words: 'falling quickly', angle: 180, double: true },
  'NOT COMPUTABLE': { words: 'trend not computable' },
  'RATE OUT OF RANGE': { words: 'rate out of range' },
  NONE: { words: 'no trend' },
};

export const directionOf = (direction: string | undefined) => (direction && Object.hasOwn(DIRECTIONS, direction) ? DIRECTIONS[direction] : undefined);

/** Where a value lies against the site's thresholds (colours of the chart and the current value). */
export function glucoseRange(mgdl: number, t: DisplaySettings['thresholds']): 'urgent-low' | 'low' | 'in-range' | 'high' | 'urgent-high' {
  if (mgdl < t.bgLow) return 'urgent-low';
  if (mgdl < t.bgTargetBottom) return 'low';
  if (mgdl > t.bgHigh) return 'urgent-high';
  if (mgdl > t.bgTargetTop) return 'high';
  return 'in-range';
}
