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
/** UTC offsets by zone and quarter hour: zones change offset only on quarter hours. */
const offsets = new Map<string, number>();
const QUARTER_HOUR = 15 * MINUTE;
const DAY_SECONDS = 24 * 3600;

function formatter(timeZone: string): Intl.DateTimeFormat | null {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    try {
      f = new Intl.DateTimeFormat('en-GB', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    } catch {
      f = null; // unknown zone: the server's, as moment fell back with a warning
    }
    if (formatters.size < 100) formatters.set(timeZone, f);
  }
  return f;
}

/** Minutes the zone is ahead of UTC at `mills`. */
function offsetMinutes(f: Intl.DateTimeFormat, timeZone: string, mills: number): number {
  const key = `${timeZone}\u0000${Math.floor(mills / QUARTER_HOUR)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    const p = new Map(f.formatToParts(new Date(mills)).map((part) => [part.type, Number(part.value)]));
    const wall = Date.UTC(p.get('year')!, p.get('month')! - 1, p.get('day'), p.get('hour'), p.get('minute'), p.get('second'));
    offset = Math.round((wall - Math.floor(mills / 1000) * 1000) / MINUTE);
    if (offsets.size > 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** Seconds since local midnight at `mills` in a time zone (the server's when none or an unknown one is given). */
export function secondsFromMidnight(mills: number, timeZone?: string): number {
  const f = timeZone ? formatter(timeZone) : null;
  if (!f || !timeZone) {
    const date = new Date(mills);
    return date.getHours() * 3600 + date.getMinutes() * 60 + date.getSeconds();
  }
  const local = Math.floor(mills / 1000) + offsetMinutes(f, timeZone, mills) * 60;
  return ((local % DAY_SECONDS) + DAY_SECONDS) % DAY_SECONDS;
}
