import { ALARM_LEVELS } from '@nightscout/protocol';
import type { Sandbox } from '../../../derived/sandbox';
import { MINUTE } from '../../../derived/units';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** Readings older than this raise no BG alarm (the stale-data alarm covers them). */
const MAX_AGE_MS = 10 * MINUTE;

export interface ThresholdResult {
  level: number;
  title?: string;
  pushoverSound?: string;
  eventName?: 'high' | 'low';
}

/**
 * A value (display units) against the thresholds: above `BG_HIGH` or below `BG_LOW` urgent,
 * outside the target range a warning, each only when its `ALARM_*` switch is on.
 */
export function compareToThresholds(scaled: number, sbx: Sandbox): ThresholdResult {
  const { thresholds: t, settings: s } = sbx.config;
  const above = (mgdl: number) => scaled > sbx.scale(mgdl);
  const below = (mgdl: number) => scaled < sbx.scale(mgdl);
  const urgent = (eventName: 'high' | 'low'): ThresholdResult => ({ level: ALARM_LEVELS.URGENT, title: `${LEVEL_NAMES[2]} ${eventName.toUpperCase()}`, pushoverSound: 'persistent', eventName });
  const warn = (eventName: 'high' | 'low', pushoverSound: string): ThresholdResult => ({ level: ALARM_LEVELS.WARN, title: `${LEVEL_NAMES[1]} ${eventName.toUpperCase()}`, pushoverSound, eventName });
  let result: ThresholdResult = { level: ALARM_LEVELS.INFO };
  if (s.alarmUrgentHigh && above(t.bgHigh)) result = urgent('high');
  else if (s.alarmHigh && above(t.bgTargetTop)) result = warn('high', 'climb');
  if (s.alarmUrgentLow && below(t.bgLow)) result = urgent('low');
  else if (s.alarmLow && below(t.bgTargetBottom)) result = warn('low', 'falling');
  return result;
}

/** `simplealarms` (`ALARM_TYPES=simple`, or a `BG_*` set): the latest reading against the thresholds. */
export class SimpleAlarmsProducer implements AlarmProducer {
  readonly name = 'simplealarms';

  produce({ now, sbx }: AlarmContext): ProducerResult {
    const last = sbx.lastSgv();
    if (!last || !(last.mgdl > 39) || now - last.mills >= MAX_AGE_MS) return noAlarms();
    const scaled = sbx.scale(last.mgdl);
    const result = compareToThresholds(scaled, sbx);
    if (result.level !== ALARM_LEVELS.WARN && result.level !== ALARM_LEVELS.URGENT) return noAlarms();
    return {
      notifies: [
        {
          level: result.level,
          title: result.title!,
          message: sbx.defaultMessage(),
          eventName: result.eventName,
          pushoverSound: result.pushoverSound,
          group: 'default',
          plugin: plugin(this.name, 'Simple Alarms'),
          debug: { lastSGV: scaled, thresholds: { ...sbx.config.thresholds } },
        },
      ],
    };
  }
}
