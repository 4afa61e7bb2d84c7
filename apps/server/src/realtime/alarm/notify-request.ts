import type { AlarmNotification, SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { AppConfig } from '../../config/app-config';

/** A producer's request to notify; the engine decides whether it is emitted (silences, snoozes). */
export interface NotifyRequest extends AlarmNotification {
  level: number;
  group: string;
  plugin: NonNullable<AlarmNotification['plugin']>;
}

/** A request to silence a group's alarms up to `level` for `lengthMs` (treatment auto-snooze). */
export interface SnoozeRequest {
  level: number;
  group: string;
  lengthMs: number;
}

/** What producers look at: the legacy data window's readings and treatments, ascending by time. */
export interface AlarmContext {
  now: number;
  sgvs: readonly SgvItem[];
  treatments: readonly TreatmentItem[];
  config: AppConfig;
}

export interface ProducerResult {
  notifies: NotifyRequest[];
  snoozes?: SnoozeRequest[];
}

/** One source of alarms; add a producer by adding a file and listing it in ALARM_PRODUCERS. */
export interface AlarmProducer {
  readonly name: string;
  produce(context: AlarmContext): ProducerResult;
}

export const LEVEL_NAMES: Readonly<Record<number, string>> = { 2: 'Urgent', 1: 'Warning', 0: 'Info', [-1]: 'Low', [-2]: 'Lowest', [-3]: 'None' };

export const plugin = (name: string, label: string) => ({ name, label, pluginType: 'notification', enabled: true });

/** Glucose as the server displays it. */
export const displayBg = (mgdl: number, units: AppConfig['displayUnits']): string =>
  units === 'mmol' ? (Math.round((mgdl / 18) * 10) / 10).toFixed(1) : String(Math.round(mgdl));
