import { ALARM_LEVELS } from '@nightscout/protocol';
import { MINUTE } from '../../../derived/units';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

const MAX_AGE_MS = 10 * MINUTE;

/**
 * `ar2` (`ALARM_TYPES=predict`, the default when no `BG_*` is set): alarms when the AR(2)
 * forecast strays far from the range: "Warning, LOW predicted" while the reading is still in
 * range, "Urgent, HIGH" once it is out of it, "Check BG" when the forecast is volatile but
 * neither high nor low in 20 minutes.
 */
export class Ar2Producer implements AlarmProducer {
  readonly name = 'ar2';

  produce({ now, sbx }: AlarmContext): ProducerResult {
    const last = sbx.lastSgv();
    const prop = sbx.property('ar2');
    if (!last || now - last.mills > MAX_AGE_MS || !prop?.level) return noAlarms();
    const { bgTargetBottom, bgTargetTop } = sbx.config.thresholds;
    const scaled = sbx.scale(last.mgdl);
    const range = prop.eventName ? prop.eventName.toUpperCase() : 'Check BG';
    const inRange = scaled > sbx.scale(bgTargetBottom) && scaled < sbx.scale(bgTargetTop);
    const sound = prop.level === ALARM_LEVELS.URGENT ? 'persistent' : prop.eventName === 'low' ? 'falling' : prop.eventName === 'high' ? 'climb' : undefined;
    return {
      notifies: [
        {
          level: prop.level,
          title: `${LEVEL_NAMES[prop.level]}, ${range}${inRange ? ' predicted' : ''}`,
          message: sbx.defaultMessage(),
          eventName: prop.eventName,
          pushoverSound: sound,
          group: 'default',
          plugin: plugin(this.name, 'AR2', 'forecast'),
          debug: { forecast: { avgLoss: prop.forecast.avgLoss, predicted: prop.forecast.predicted.map((p) => sbx.scale(p.mgdl)).join(', ') } },
        },
      ],
    };
  }
}
