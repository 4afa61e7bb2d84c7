import { ALARM_LEVELS } from '@nightscout/protocol';
import { calcAgo, staleness } from '../../../derived/timeago';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/**
 * `timeago` with `TIMEAGO_ENABLE_ALERTS`: no reading for more than `ALARM_TIMEAGO_WARN_MINS` /
 * `ALARM_TIMEAGO_URGENT_MINS` (15/30), each while `ALARM_TIMEAGO_WARN` / `_URGENT` is on.
 */
export class StaleDataProducer implements AlarmProducer {
  readonly name = 'timeago';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const last = sbx.lastSgv();
    if (!config.plugins.timeago.enableAlerts || !last || last.mills >= now) return noAlarms();
    const status = staleness(last.mills, now, config.settings);
    if (status === 'current') return noAlarms();
    const ago = calcAgo(last.mills, now);
    return {
      notifies: [
        {
          level: status === 'urgent' ? ALARM_LEVELS.URGENT : ALARM_LEVELS.WARN,
          title: 'Stale data, check rig?',
          message: [`Last received: ${ago.value ?? ''} ${ago.label}`, ...sbx.defaultLines()].join('\n'),
          eventName: 'timeago',
          pushoverSound: 'echo',
          group: 'Time Ago',
          plugin: plugin(this.name, 'Timeago', 'pill-status'),
          debug: { ...ago },
        },
      ],
    };
  }
}
