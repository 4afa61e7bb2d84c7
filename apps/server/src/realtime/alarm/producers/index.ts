import type { AlarmProducer } from '../notify-request';
import { SimpleAlarmsProducer } from './simple-alarms.producer';
import { StaleDataProducer } from './stale-data.producer';
import { TreatmentNotifyProducer } from './treatment-notify.producer';

/** Every producer the engine asks each cycle. */
export const ALARM_PRODUCERS: readonly AlarmProducer[] = [new SimpleAlarmsProducer(), new StaleDataProducer(), new TreatmentNotifyProducer()];
