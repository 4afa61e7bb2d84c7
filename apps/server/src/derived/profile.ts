import type { TreatmentItem } from '@nightscout/protocol';
import { MINUTE, num, secondsFromMidnight } from './units';

export type ProfileValue = 'dia' | 'sens' | 'carbratio' | 'carbs_hr' | 'target_low' | 'target_high' | 'basal';

type ProfileData = Record<string, unknown>;

interface ProfileRecord {
  mills: number;
  defaultProfile: string;
  /** Named profiles; a Map so that names a client chose (`__proto__`) are plain keys. */
  store: Map<string, ProfileData>;
}

/** A treatment whose duration may have been cut by a later one. */
export type TimedTreatment = TreatmentItem & { duration?: number; endmills?: number };

export interface TempBasal {
  basal: number | undefined;
  treatment: TimedTreatment | null;
  combobolustreatment: TimedTreatment | null;
  tempbasal: number | undefined;
  combobolusbasal: number;
  totalbasal: number;
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * The reference's duration processing (docs/protocol/legacy-socket.md §6.2): one treatment per
 * time, and each duration cut where the next treatment starts (an end event or an overlapping
 * one) — the reference compared every pair; the nearest later start is what its cuts come to.
 * Works on copies: the window's items are shared.
 */
export function processDurations(treatments: readonly TreatmentItem[], keepZeroDuration: boolean): TimedTreatment[] {
  const seen = new Set<number>();
  const unique: TimedTreatment[] = [];
  for (const t of treatments) {
    if (seen.has(t.mills)) continue;
    seen.add(t.mills);
    unique.push({ ...t, duration: num(t.duration) ?? 0 });
  }
  const byTime = [...unique].sort((a, b) => a.mills - b.mills);
  byTime.forEach((t, i) => {
    const next = byTime[i + 1];
    if (t.duration && next && next.mills < t.mills + t.duration * MINUTE) t.duration = (next.mills - t.mills) / MINUTE;
  });
  return keepZeroDuration ? unique : unique.filter((t) => t.duration);
}

function toRecord(doc: Record<string, unknown>): ProfileRecord | undefined {
  const store = new Map<string, ProfileData>();
  let defaultProfile: string;
  let startDate: unknown;
  if (typeof doc.defaultProfile === 'string' && isObject(doc.store)) {
    for (const [name, data] of Object.entries(doc.store)) if (isObject(data)) store.set(name, data);
    defaultProfile = doc.defaultProfile;
    startDate = doc.startDate;
  } else if (doc.defaultProfile === undefined) {
    // A pre-store profile document is its own "Default" profile, as the reference converts it.
    const { startDate: start, _id: _ignoredId, created_at: _ignoredCreatedAt, ...profile } = doc;
    store.set('Default', profile);
    defaultProfile = 'Default';
    startDate = start ?? '1980-01-01';
  } else {
    return undefined;
  }
  const mills = Date.parse(String(startDate ?? ''));
  return { mills: Number.isNaN(mills) ? 0 : mills, defaultProfile, store };
}

const timeToSeconds = (time: unknown): number | undefined => {
  if (typeof time !== 'string') return undefined;
  const [h, m] = time.split(':');
  const seconds = parseInt(h, 10) * 3600 + parseInt(m, 10) * 60;
  return Number.isNaN(seconds) ? undefined : seconds;
};

/** The value of a schedule (`[{time, value}]`) or a plain value at a time of day. */
function valueAt(container: unknown, seconds: number): unknown {
  if (!Array.isArray(container)) return container;
  let value: unknown;
  for (const entry of container) {
    if (!isObject(entry)) continue;
    const at = timeToSeconds(entry.time) ?? num(entry.timeAsSeconds);
    if (at !== undefined && seconds >= at) value = entry.value;
  }
  return value;
}

/**
 * The treatment profile at a time, as the reference's profile functions resolve it: the profile
 * record in force, the profile a `Profile Switch` selected (including one it carries as
 * `profileJson`), its time zone, CircadianPercentageProfile percentages, and temp basals.
 */
export class Profiles {
  private readonly records: ProfileRecord[];
  private readonly switches: TimedTreatment[];
  private readonly tempBasals: TimedTreatment[];
  private readonly comboBoluses: TreatmentItem[];
  /** Profile switches that carry their profile: the store name each was given. */
  private readonly injected = new Map<TimedTreatment, string>();
  /** Values by minute, as the reference caches them (COB asks for the same minute many times). */
  private readonly memo = new Map<ProfileValue, Map<number, number | undefined>>();

  /** `profiles`: newest first; `treatments`: ascending by time. */
  constructor(profiles: readonly Record<string, unknown>[], treatments: readonly TreatmentItem[]) {
    this.records = profiles.map(toRecord).filter((r): r is ProfileRecord => r !== undefined);
    const ascending = (items: TimedTreatment[]) => items.sort((a, b) => a.mills - b.mills);
    this.switches = ascending(processDurations(treatments.filter((t) => t.eventType === 'Profile Switch'), true));
    this.tempBasals = ascending(processDurations(treatments.filter((t) => String(t.eventType ?? '').includes('Temp Basal')), false));
    for (const t of this.tempBasals) t.endmills = t.mills + (t.duration ?? 0) * MINUTE;
    this.comboBoluses = treatments.filter((t) => t.eventType === 'Combo Bolus');
  }

  hasData(): boolean {
    return this.records.length > 0;
  }

  private recordAt(time: number): ProfileRecord | undefined {
    return this.records.find((r) => time >= r.mills) ?? this.records[0];
  }

  /** The latest `Profile Switch` in force at `time` (zero duration: until the next one). */
  activeSwitch(time: number): TimedTreatment | null {
    const record = this.recordAt(time);
    if (!record) return null;
    let active: TimedTreatment | null = null;
    for (const t of this.switches) {
      if (time < t.mills || t.mills < record.mills) continue;
      const duration = (t.duration ?? 0) * MINUTE;
      if (duration === 0 || time < t.mills + duration) {
        active = t;
        this.inject(record, t);
      }
    }
    return active;
  }

  private inject(record: ProfileRecord, t: TimedTreatment): void {
    const name = String(t.profile ?? '');
    if (typeof t.profileJson !== 'string' || record.store.has(name) || this.injected.has(t)) return;
    try {
      const profile: unknown = JSON.parse(t.profileJson);
      if (!isObject(profile)) return;
      const stored = name.includes('@@@@@') ? name : `${name}@@@@@${t.mills}`;
      record.store.set(stored, profile);
      this.injected.set(t, stored);
    } catch {
      // an unreadable profileJson selects nothing, where the reference threw
    }
  }

  /** The name of the profile in force (the record's default unless a switch selected another). */
  activeProfileName(time: number): string | undefined {
    const record = this.recordAt(time);
    if (!record) return undefined;
    const t = this.activeSwitch(time);
    const name = t && (this.injected.get(t) ?? String(t.profile ?? ''));
    return name && record.store.has(name) ? name : record.defaultProfile;
  }

  current(time: number): ProfileData {
    const record = this.recordAt(time);
    const name = this.activeProfileName(time);
    return (record && name !== undefined && record.store.get(name)) || {};
  }

  timezone(time: number): string | undefined {
    const tz = this.current(time).timezone;
    return typeof tz === 'string' && tz ? tz : undefined;
  }

  /** `dia`, `sens`, `carbratio`, `carbs_hr`, `target_low`, `target_high` or `basal` at a time. */
  value(time: number, key: ProfileValue): number | undefined {
    const minute = Math.round(time / MINUTE) * MINUTE;
    let values = this.memo.get(key);
    if (!values) this.memo.set(key, (values = new Map()));
    if (!values.has(minute)) values.set(minute, this.lookup(time, minute, key));
    return values.get(minute);
  }

  private lookup(time: number, minute: number, key: ProfileValue): number | undefined {
    const active = this.activeSwitch(time);
    const ccp = active?.CircadianPercentageProfile ? num(active.percentage) ?? 100 : undefined;
    const raw = valueAt(this.current(time)[key], secondsFromMidnight(minute, this.timezone(time)));
    if (!raw) return undefined;
    let value = parseFloat(String(raw));
    if (Number.isNaN(value)) return undefined;
    if (ccp !== undefined && ccp !== 0) {
      if (key === 'sens' || key === 'carbratio') value = (value * 100) / ccp;
      else if (key === 'basal') value = (value * ccp) / 100;
    }
    return value;
  }

  /** The temp basal running at `time` (both ends inclusive), by binary search. */
  private tempBasalAt(time: number): TimedTreatment | null {
    let first = 0;
    let last = this.tempBasals.length - 1;
    while (first <= last) {
      const i = first + Math.floor((last - first) / 2);
      const t = this.tempBasals[i];
      if (time >= t.mills && time <= (t.endmills ?? t.mills)) return t;
      if (time < t.mills) last = i - 1;
      else first = i + 1;
    }
    return null;
  }

  private comboBolusAt(time: number): TreatmentItem | null {
    let found: TreatmentItem | null = null;
    for (const t of this.comboBoluses) if (time < t.mills + (num(t.duration) ?? 0) * MINUTE && time > t.mills) found = t;
    return found;
  }

  /** Scheduled basal, the temp basal or combo bolus extension on top, and their total. */
  tempBasal(time: number): TempBasal {
    const basal = this.value(time, 'basal');
    let tempbasal = basal;
    const treatment = this.tempBasalAt(time);
    const combo = this.comboBolusAt(time);
    const absolute = treatment ? Number(treatment.absolute) : NaN;
    const percent = treatment ? num(treatment.percent) : undefined;
    if (treatment && treatment.absolute !== undefined && !Number.isNaN(absolute) && (treatment.duration ?? 0) > 0) tempbasal = absolute;
    else if (treatment && percent && basal !== undefined) tempbasal = (basal * (100 + percent)) / 100;
    const combobolusbasal = (combo && num(combo.relative)) || 0;
    return { basal, treatment, combobolustreatment: combo, tempbasal, combobolusbasal, totalbasal: (tempbasal ?? NaN) + combobolusbasal };
  }
}
