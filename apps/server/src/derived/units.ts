/** Display units, rounding and formatting shared by the derived values (the reference's `units` and `utils`). */
export const MMOL_TO_MGDL = 18.01559;

export type DisplayUnits = 'mg/dl' | 'mmol';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;

/** mg/dl → mmol/l with one decimal, as a string (`"5.5"`). */
export const mgdlToMmol = (mgdl: number): string => (Math.round((mgdl / MMOL_TO_MGDL) * 10) / 10).toFixed(1);

/** A glucose value in the display units. */
export const scaleMgdl = (mgdl: number, units: DisplayUnits): number => (units === 'mmol' && mgdl ? Number(mgdlToMmol(mgdl)) : Number(mgdl));

export const roundBg = (bg: number, units: DisplayUnits): number => (units === 'mmol' ? Math.round(bg * 10) / 10 : Math.round(bg));

export const unitsLabel = (units: DisplayUnits): string => (units === 'mmol' ? 'mmol/L' : 'mg/dl');

/** Two decimals, `'0'` for nothing (the reference's `utils.toFixed`). */
export function toFixed2(value: number | undefined): string {
  if (!value) return '0';
  const fixed = value.toFixed(2);
  return fixed === '-0.00' ? '0.00' : fixed;
}

/** Rounded to three decimals without binary drift (`1.0005` → `1.001`). */
export const round3 = (value: number): number => Number(`${Math.round(Number(`${value}e+3`))}e-3`);

/** Insulin for display: two decimals, truncated (the reference's `roundInsulinForDisplayFormat`). */
export const roundInsulin = (insulin: number): string => (insulin === 0 ? '0' : (Math.floor(insulin * 100 + 1e-9) / 100).toFixed(2));

export const num = (value: unknown): number | undefined => {
  if (value === undefined || value === null || value === '') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};

/** Epoch ms of a timestamp field (ISO string or ms), or undefined. */
export function millsOf(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value === '') return undefined;
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

const formatters = new Map<string, Intl.DateTimeFormat | null>();

/** Seconds since local midnight at `mills` in a time zone (the server's when none or an unknown one is given). */
export function secondsFromMidnight(mills: number, timeZone?: string): number {
  let formatter = timeZone ? formatters.get(timeZone) : null;
  if (timeZone && formatter === undefined) {
    try {
      formatter = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', hour: '2-digit', minute: '2-digit', second: '2-digit' });
    } catch {
      formatter = null; // unknown zone: fall back to the server's, as moment did with a warning
    }
    if (formatters.size < 100) formatters.set(timeZone, formatter);
  }
  if (!formatter) {
    const date = new Date(mills);
    return date.getHours() * 3600 + date.getMinutes() * 60 + date.getSeconds();
  }
  const parts = new Map(formatter.formatToParts(new Date(mills)).map((p) => [p.type, Number(p.value)]));
  return (parts.get('hour') ?? 0) * 3600 + (parts.get('minute') ?? 0) * 60 + (parts.get('second') ?? 0);
}
