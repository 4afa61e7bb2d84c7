import type { LegacyDocument } from '@nightscout/protocol';

/** One block of a daily schedule: from `time` (HH:MM) until the next block. */
export interface TimeBlock {
  time: string;
  value: number | string;
  timeAsSeconds?: number;
}

export type ScheduleKey = 'carbratio' | 'sens' | 'basal' | 'target_low' | 'target_high';

/** A named profile of the store, as Nightscout's profile editor writes it. */
export interface ProfileEntry {
  dia?: number | string;
  timezone?: string;
  units?: string;
  carbs_hr?: number | string;
  delay?: number | string;
  carbratio?: TimeBlock[];
  sens?: TimeBlock[];
  basal?: TimeBlock[];
  target_low?: TimeBlock[];
  target_high?: TimeBlock[];
  [field: string]: unknown;
}

/** A profile record: a store of named profiles valid from `startDate`. */
export interface ProfileRecord {
  _id?: string;
  defaultProfile: string;
  startDate: string;
  store: Record<string, ProfileEntry>;
  units?: string;
  created_at?: string;
  [field: string]: unknown;
}

export const SCHEDULES: readonly { key: ScheduleKey; label: string; unit: (units: string) => string }[] = [
  { key: 'basal', label: 'Basal rates', unit: () => 'U/h' },
  { key: 'carbratio', label: 'Carb ratio', unit: () => 'g/U' },
  { key: 'sens', label: 'Sensitivity', unit: (u) => `${u === 'mmol' ? 'mmol/L' : 'mg/dL'} per U` },
  { key: 'target_low', label: 'Target low', unit: (u) => (u === 'mmol' ? 'mmol/L' : 'mg/dL') },
  { key: 'target_high', label: 'Target high', unit: (u) => (u === 'mmol' ? 'mmol/L' : 'mg/dL') },
];

const TIME = /^([01]\d|2[0-3]):([0-5]\d)$/;

/** The names of the profiles in a record's store (for Profile Switch and the editor). */
export function activeProfileNames(record: LegacyDocument | undefined): string[] {
  const store = record?.store;
  return store && typeof store === 'object' ? Object.keys(store as object).filter((name) => !name.includes('@@@@@')) : [];
}

/** A new profile with one block per schedule, in the site's units. */
export function blankProfile(units: string, timezone: string): ProfileEntry {
  const mmol = units === 'mmol';
  const block = (value: number): TimeBlock[] => [{ time: '00:00', value, timeAsSeconds: 0 }];
  return { dia: 3, carbs_hr: 20, delay: 20, timezone, units, carbratio: block(10), sens: block(mmol ? 2.5 : 45), basal: block(0.5), target_low: block(mmol ? 5.5 : 100), target_high: block(mmol ? 7 : 120) };
}

/** What is wrong with a schedule, in words; empty when it can be saved. */
export function scheduleProblems(label: string, blocks: readonly TimeBlock[] | undefined): string[] {
  if (!blocks || blocks.length === 0) return [`${label} needs at least one block`];
  const problems: string[] = [];
  const times = blocks.map((b) => b.time);
  if (times.some((t) => !TIME.test(t))) problems.push(`${label}: every start time is HH:MM`);
  else if (!times.includes('00:00')) problems.push(`${label}: the first block starts at 00:00`);
  if (new Set(times).size !== times.length) problems.push(`${label}: two blocks start at the same time`);
  if (blocks.some((b) => String(b.value).trim() === '' || !Number.isFinite(Number(b.value)) || Number(b.value) < 0)) problems.push(`${label}: every value is a number of at least 0`);
  return problems;
}

/** Every problem of a profile; empty when it can be saved. */
export function profileProblems(profile: ProfileEntry): string[] {
  const problems = SCHEDULES.flatMap((s) => scheduleProblems(s.label, profile[s.key]));
  if (!(Number(profile.dia) > 0)) problems.push('Insulin duration (h) is a number above 0');
  return problems;
}

/** Blocks sorted by time, values as numbers and `timeAsSeconds` filled, as the reference stores them. */
export function normaliseSchedule(blocks: readonly TimeBlock[]): TimeBlock[] {
  return blocks
    .map((b) => {
      const [h, m] = b.time.split(':').map(Number);
      return { time: b.time, value: Number(b.value), timeAsSeconds: h * 3600 + m * 60 };
    })
    .sort((a, b) => a.timeAsSeconds - b.timeAsSeconds);
}

/** A profile ready to store: schedules normalised, DIA a number. */
export function normaliseProfile(profile: ProfileEntry): ProfileEntry {
  const out: ProfileEntry = { ...profile, dia: Number(profile.dia) };
  for (const { key } of SCHEDULES) if (profile[key]) out[key] = normaliseSchedule(profile[key]!);
  return out;
}

/** Fields the server keeps for itself; an edit never sends them back. */
const SERVER_FIELDS = ['_id', 'mills', 'identifier', 'srvModified', 'srvCreated'];

const without = (record: Record<string, unknown>, fields: readonly string[]) => Object.fromEntries(Object.entries(record).filter(([key]) => !fields.includes(key)));

/** The fields `dbUpdate` sets on a record: everything but the server's own fields, schedules normalised. */
export function recordUpdate(record: ProfileRecord): LegacyDocument {
  return { ...without(record, SERVER_FIELDS), store: Object.fromEntries(Object.entries(record.store).map(([name, p]) => [name, normaliseProfile(p)])) };
}

/**
 * A new record starting now from an existing one (or blank). `dbAdd` replaces a record with the
 * same `NSCLIENT_ID` or `startDate`, so the copy has neither of the original's.
 */
export function newRecord(from: ProfileRecord | undefined, units: string, timezone: string, now: number): ProfileRecord {
  const startDate = new Date(now).toISOString();
  if (!from) return { defaultProfile: 'Default', startDate, store: { Default: blankProfile(units, timezone) }, units, created_at: startDate };
  const copy = without(recordUpdate(from), ['NSCLIENT_ID']) as unknown as ProfileRecord;
  return { ...copy, startDate, created_at: startDate };
}
