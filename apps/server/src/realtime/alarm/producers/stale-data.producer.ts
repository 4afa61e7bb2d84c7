import { ALARM_LEVELS } from '@nightscout/protocol';
import { LEVEL_NAMES, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** No new reading for `ALARM_TIMEAGO_WARN_MINS` / `ALARM_TIMEAGO_URGENT_MINS` (the reference's `timeago`). */
export class StaleDataProducer implements AlarmProducer {
  readonly name = 'timeago';

  produce({ now, sgvs, config }: AlarmContext): ProducerResult {
    const last = sgvs.at(-1);
    if (!last) return { notifies: [] };
    const minutes = Math.floor((now - last.mills) / 60_000);
    const level =
      minutes >= config.settings.alarmTimeagoUrgentMins ? ALARM_LEVELS.URGENT : minutes >= config.settings.alarmTimeagoWarnMins ? ALARM_LEVELS.WARN : undefined;
    if (level === undefined) return { notifies: [] };
    return {
      notifies: [
        {
          level,
          title: 'Stale data, check rig?',
          message: `${LEVEL_NAMES[level]}: ${minutes} mins ago`,
          eventName: 'timeago',
          pushoverSound: 'echo',
          group: 'Time Ago',
          plugin: plugin(this.name, 'Time Ago'),
          debug: { lastMills: last.mills, minutes },
        },
      ],
    };
  }
}
