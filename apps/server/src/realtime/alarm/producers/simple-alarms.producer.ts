import { ALARM_LEVELS } from '@nightscout/protocol';
import { displayBg, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** Readings older than this raise no BG alarm (the stale-data alarm covers them). */
const MAX_AGE_MS = 10 * 60_000;
/** Values at or below this are CGM error codes, not glucose. */
const MIN_VALID_MGDL = 39;

/** BG against the thresholds: `BG_HIGH`/`BG_LOW` urgent, `BG_TARGET_TOP`/`BG_TARGET_BOTTOM` warning. */
export class SimpleAlarmsProducer implements AlarmProducer {
  readonly name = 'simplealarms';

  produce({ now, sgvs, config }: AlarmContext): ProducerResult {
    const last = sgvs.at(-1);
    if (!last || now - last.mills > MAX_AGE_MS || !(last.mgdl > MIN_VALID_MGDL)) return { notifies: [] };
    const t = config.thresholds;
    const high = last.mgdl > t.bgTargetTop;
    const low = last.mgdl < t.bgTargetBottom;
    if (!high && !low) return { notifies: [] };
    const urgent = last.mgdl > t.bgHigh || last.mgdl < t.bgLow;
    const previous = sgvs.at(-2);
    const delta = previous && last.mills - previous.mills <= MAX_AGE_MS ? last.mgdl - previous.mgdl : undefined;
    const units = config.displayUnits;
    const deltaText = delta === undefined ? '' : ` ${delta >= 0 ? '+' : '-'}${displayBg(Math.abs(delta), units)}`;
    return {
      notifies: [
        {
          level: urgent ? ALARM_LEVELS.URGENT : ALARM_LEVELS.WARN,
          title: `${urgent ? 'Urgent' : 'Warning'} ${high ? 'HIGH' : 'LOW'}`,
          message: `BG Now: ${displayBg(last.mgdl, units)}${deltaText} ${units}`,
          eventName: high ? 'high' : 'low',
          pushoverSound: urgent ? 'persistent' : high ? 'climb' : 'falling',
          group: 'default',
          plugin: plugin(this.name, 'Simple Alarms'),
          debug: { lastSGV: last.mgdl, thresholds: { ...t } },
        },
      ],
    };
  }
}
