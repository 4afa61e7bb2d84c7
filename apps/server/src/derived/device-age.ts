import type { TreatmentItem } from '@nightscout/protocol';
import type { AgeSettings } from '../config/plugin-settings';
import { HOUR, MINUTE } from './units';

export const LEVELS = { URGENT: 2, WARN: 1, INFO: 0, NONE: -3 } as const;

export interface AgeNotification {
  title: string;
  message: string;
  pushoverSound: string;
  level: number;
  group: string;
}

export interface AgeInfo {
  found: boolean;
  age: number;
  treatmentDate: number | null;
  days?: number;
  hours?: number;
  notes?: unknown;
  minFractions?: number;
  display?: string;
  displayLong?: string;
  level?: number;
  notification?: AgeNotification;
}

export interface SensorAge {
  'Sensor Start': AgeInfo;
  'Sensor Change': AgeInfo;
  min: 'Sensor Start' | 'Sensor Change';
}

/** What each device-age plugin tracks and says (its own texts, as in the reference). */
export interface AgeKind {
  group: string;
  /** Treatments whose eventType contains this count as a change. */
  eventType: string;
  title: (info: AgeInfo) => string;
  messages: { urgent: string; warn: string; info: string };
}

export const AGE_KINDS = {
  cage: {
    group: 'CAGE',
    eventType: 'Site Change',
    title: (i) => `Cannula age ${i.age} hours`,
    messages: { urgent: 'Cannula change overdue!', warn: 'Time to change cannula', info: 'Change cannula soon' },
  },
  iage: {
    group: 'IAGE',
    eventType: 'Insulin Change',
    title: (i) => `Insulin reservoir age ${i.age} hours`,
    messages: { urgent: 'Insulin reservoir change overdue!', warn: 'Time to change insulin reservoir', info: 'Change insulin reservoir soon' },
  },
  bage: {
    group: 'BAGE',
    eventType: 'Pump Battery Change',
    title: (i) => `Pump battery age ${i.age} hours`,
    messages: { urgent: 'Pump Battery change overdue!', warn: 'Time to change pump battery', info: 'Change pump battery soon' },
  },
} satisfies Record<string, AgeKind>;

const SENSOR: Omit<AgeKind, 'eventType'> = {
  group: 'SAGE',
  title: (i) => `Sensor age ${i.days} days ${i.hours} hours`,
  messages: { urgent: 'Sensor change/restart overdue!', warn: 'Time to change/restart sensor', info: 'Change/restart sensor soon' },
};

/** Age of the latest treatment at or before `time` (whole hours and days, as moment's diff truncates). */
function ageOf(treatments: readonly TreatmentItem[], time: number): AgeInfo {
  const latest = treatments.filter((t) => t.mills <= time).reduce<TreatmentItem | undefined>((a, t) => (!a || t.mills > a.mills ? t : a), undefined);
  if (!latest) return { found: false, age: 0, treatmentDate: null };
  const diff = time - latest.mills;
  const age = Math.trunc(diff / HOUR);
  const days = Math.trunc(diff / (24 * HOUR));
  const hours = age - days * 24;
  return { found: true, age, treatmentDate: latest.mills, days, hours, notes: latest.notes, minFractions: Math.trunc(diff / MINUTE) - age * 60 };
}

const daysAndHours = (info: AgeInfo) => `${info.age >= 24 ? `${info.days}d` : ''}${info.hours}h`;

/**
 * Level by age against INFO/WARN/URGENT hours; a notification only in the first 20 minutes of
 * the exact hour a threshold is reached, and only with `<PLUGIN>_ENABLE_ALERTS`.
 */
function classify(info: AgeInfo, prefs: AgeSettings, kind: Omit<AgeKind, 'eventType'>): void {
  const steps = [
    { hours: prefs.urgent, level: LEVELS.URGENT, message: kind.messages.urgent, sound: 'persistent' },
    { hours: prefs.warn, level: LEVELS.WARN, message: kind.messages.warn, sound: 'incoming' },
    { hours: prefs.info, level: LEVELS.INFO, message: kind.messages.info, sound: 'incoming' },
  ];
  const reached = steps.find((s) => info.age >= s.hours);
  info.level = reached?.level ?? LEVELS.NONE;
  if (reached && prefs.enableAlerts && info.age === reached.hours && (info.minFractions ?? 0) <= 20) {
    info.notification = { title: kind.title(info), message: reached.message, pushoverSound: reached.sound, level: reached.level, group: kind.group };
  }
}

/** `cage`, `iage`, `bage`: time since the last change of that kind. */
export function deviceAge(kind: AgeKind, treatments: readonly TreatmentItem[], prefs: AgeSettings, time: number): AgeInfo {
  const info = ageOf(treatments.filter((t) => String(t.eventType ?? '').includes(kind.eventType)), time);
  classify(info, prefs, kind);
  info.display = info.found && prefs.display === 'days' ? daysAndHours(info) : info.found ? `${info.age}h` : 'n/a ';
  return info;
}

/** `sage`: the later of the last Sensor Start and Sensor Change (a change after a start wins). */
export function sensorAge(treatments: readonly TreatmentItem[], prefs: AgeSettings, time: number): SensorAge {
  const of = (eventType: string) => {
    const info = ageOf(treatments.filter((t) => t.eventType === eventType), time);
    if (info.found) {
      info.display = daysAndHours(info);
      info.displayLong = `${info.age >= 24 ? `${info.days} days ` : ''}${info.hours} hours`;
    }
    return info;
  };
  const start = of('Sensor Start');
  const change = of('Sensor Change');
  if (change.found && start.found && (change.treatmentDate ?? 0) >= (start.treatmentDate ?? 0)) start.found = false;
  const candidates = [start.found ? start : undefined, change.found ? change : undefined].filter((i): i is AgeInfo => i !== undefined);
  const latest = candidates.sort((a, b) => (a.treatmentDate ?? 0) - (b.treatmentDate ?? 0)).at(-1);
  const min = latest === change ? 'Sensor Change' : 'Sensor Start';
  const result: SensorAge = { 'Sensor Start': start, 'Sensor Change': change, min };
  classify(result[min], prefs, SENSOR);
  return result;
}
