import { ALARM_LEVELS } from '@nightscout/protocol';
import { loopLevel } from '../../../derived/openaps';
import { formatAgo } from '../../../derived/timeago';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** `loop` with `LOOP_ENABLE_ALERTS`: no successful loop for `LOOP_WARN`/`LOOP_URGENT` minutes (30/60). */
export class LoopProducer implements AlarmProducer {
  readonly name = 'loop';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const prefs = config.plugins.loop;
    const prop = prefs.enableAlerts ? sbx.property('loop') : undefined;
    if (!prop?.lastLoop || !prop.lastOkMoment) return noAlarms();
    const lastOk = Date.parse(prop.lastOkMoment);
    const level = loopLevel(lastOk, now, prefs.warn, prefs.urgent);
    if (level < ALARM_LEVELS.WARN) return noAlarms();
    return {
      notifies: [
        { level, title: "Loop isn't looping", message: `Last Loop: ${formatAgo(lastOk, now)}`, pushoverSound: 'echo', group: 'Loop', plugin: plugin(this.name, 'Loop', 'pill-status'), debug: { lastOkMoment: prop.lastOkMoment } },
      ],
    };
  }
}
