import type { AlarmNotification } from '@nightscout/protocol';
import type { AppConfig } from '../../config/app-config';
import type { Sandbox } from '../../derived/sandbox';

/** A producer's request to notify; the engine decides whether it is emitted (silences, snoozes). */
export interface NotifyRequest extends AlarmNotification {
  level: number;
  group: string;
  plugin: NonNullable<AlarmNotification['plugin']>;
}

/** A request to silence a group's alarms up to `level` for `lengthMs` (treatment and bwp auto-snooze). */
export interface SnoozeRequest {
  level: number;
  group: string;
  lengthMs: number;
  title: string;
  message: string;
}

/** What producers look at: one sandbox over the data window (properties computed once per cycle). */
export interface AlarmContext {
  now: number;
  config: AppConfig;
  sbx: Sandbox;
}

export interface ProducerResult {
  notifies: NotifyRequest[];
  snoozes?: SnoozeRequest[];
}

/** One source of alarms; add a producer by adding a file and listing it in ALARM_PRODUCERS. */
export interface AlarmProducer {
  /** The plugin name: the producer runs only when `ENABLE` (or the reference's defaults) enables it. */
  readonly name: string;
  produce(context: AlarmContext): ProducerResult;
}

export const LEVEL_NAMES: Readonly<Record<number, string>> = { 2: 'Urgent', 1: 'Warning', 0: 'Info', [-1]: 'Low', [-2]: 'Lowest', [-3]: 'None' };

/** The producing plugin as the reference describes it in a notification. */
export const plugin = (name: string, label: string, pluginType = 'notification') => ({ name, label, pluginType, enabled: true });

export const noAlarms = (): ProducerResult => ({ notifies: [] });
