import type { LegacyDocument } from '@nightscout/protocol';

/** Hours the chart can show. */
export const CHART_RANGES = [3, 6, 12, 24] as const;
export type ChartRange = (typeof CHART_RANGES)[number];

const HOUR = 3600_000;
const STEP = 5 * 60_000;

/** A linear map from a domain to screen coordinates, clamped to the range. */
export function linear(d0: number, d1: number, r0: number, r1: number): (v: number) => number {
  const lo = Math.min(r0, r1);
  const hi = Math.max(r0, r1);
  return (v) => Math.min(hi, Math.max(lo, r0 + ((v - d0) / (d1 - d0)) * (r1 - r0)));
}

/** Tick times on whole hours: every hour up to 6 h, every 2 h for 12 h, every 4 h for 24 h. */
export function hourTicks(from: number, to: number, range: ChartRange): number[] {
  const every = range <= 6 ? 1 : range === 12 ? 2 : 4;
  const first = new Date(from);
  first.setMinutes(0, 0, 0);
  const ticks: number[] = [];
  for (let t = first.getTime(); t <= to; t += HOUR) {
    if (t >= from && new Date(t).getHours() % every === 0) ticks.push(t);
  }
  return ticks;
}

type BasalEntry = { time?: unknown; timeAsSeconds?: unknown; value?: unknown };
type ProfileEntry = { basal?: BasalEntry[]; timezone?: string };

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Seconds since midnight in a time zone (the profile's; the device's when it has none or an unknown one). */
export function secondsOfDay(mills: number, timeZone?: string): number {
  const key = timeZone ?? '';
  let format = formatters.get(key);
  if (!format) {
    try {
      format = new Intl.DateTimeFormat('en-GB', { timeZone: timeZone || undefined, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    } catch {
      format = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
    }
    formatters.set(key, format);
  }
  const parts = format.formatToParts(new Date(mills));
  const part = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return part('hour') * 3600 + part('minute') * 60 + part('second');
}

const entrySeconds = (entry: BasalEntry): number => {
  if (typeof entry.timeAsSeconds === 'number') return entry.timeAsSeconds;
  const [h, m] = String(entry.time ?? '0:0').split(':').map(Number);
  return (h || 0) * 3600 + (m || 0) * 60;
};

/** The default profile of a profile record (`store[defaultProfile]`). */
export function activeProfile(record: LegacyDocument | undefined): ProfileEntry | undefined {
  const store = record?.store as Record<string, ProfileEntry> | undefined;
  const name = record?.defaultProfile as string | undefined;
  return store && name && Object.hasOwn(store, name) ? store[name] : undefined;
}

/** The scheduled basal rate at a time (U/h), or undefined without a schedule. */
export function scheduledBasal(profile: ProfileEntry | undefined, mills: number): number | undefined {
  const schedule = profile?.basal;
  if (!Array.isArray(schedule) || schedule.length === 0) return undefined;
  const seconds = secondsOfDay(mills, profile?.timezone);
  let rate: number | undefined;
  for (const entry of [...schedule].sort((a, b) => entrySeconds(a) - entrySeconds(b))) {
    if (entrySeconds(entry) <= seconds || rate === undefined) rate = Number(entry.value);
  }
  return Number.isFinite(rate) ? rate : undefined;
}

type TimedTreatment = LegacyDocument & { mills: number };

/** The temp basal running at a time: the latest started before it that has not ended. */
function tempBasalAt(temps: readonly TimedTreatment[], mills: number): TimedTreatment | undefined {
  let latest: TimedTreatment | undefined;
  for (const t of temps) if (t.mills <= mills && (!latest || t.mills > latest.mills)) latest = t;
  if (!latest) return undefined;
  const duration = Number(latest.duration ?? 0);
  return mills < latest.mills + duration * 60_000 ? latest : undefined;
}

export interface BasalSegment {
  from: number;
  to: number;
  rate: number;
  temp: boolean;
}

/**
 * The basal rate over a time span, as segments of equal rate: the default profile's schedule, and
 * temp basals over it (`absolute` in U/h, or `percent` as a change of the scheduled rate).
 */
export function basalSegments(profile: ProfileEntry | undefined, treatments: readonly TimedTreatment[], from: number, to: number): BasalSegment[] {
  const temps = treatments.filter((t) => t.eventType === 'Temp Basal');
  if (!profile?.basal?.length && temps.length === 0) return [];
  const segments: BasalSegment[] = [];
  for (let t = from; t < to; t += STEP) {
    const scheduled = scheduledBasal(profile, t);
    const temp = tempBasalAt(temps, t);
    let rate = scheduled;
    if (temp && temp.absolute !== undefined && temp.absolute !== '') rate = Number(temp.absolute);
    else if (temp && temp.percent !== undefined && scheduled !== undefined) rate = (scheduled * (100 + Number(temp.percent))) / 100;
    if (rate === undefined || !Number.isFinite(rate)) continue;
    const last = segments.at(-1);
    if (last && last.rate === rate && last.temp === !!temp && last.to === t) last.to = Math.min(to, t + STEP);
    else segments.push({ from: t, to: Math.min(to, t + STEP), rate, temp: !!temp });
  }
  return segments;
}

export type MarkerKind = 'insulin' | 'carbs' | 'note';

/** The markers a treatment draws: insulin, carbs, or a note for everything else. */
export function markersOf(t: LegacyDocument): MarkerKind[] {
  const kinds: MarkerKind[] = [];
  if (Number(t.insulin) > 0) kinds.push('insulin');
  if (Number(t.carbs) > 0) kinds.push('carbs');
  if (kinds.length === 0 && t.eventType !== 'Temp Basal') kinds.push('note');
  return kinds;
}
