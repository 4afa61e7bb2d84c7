import { ALARM_LEVELS } from '@nightscout/protocol';
import { loopLevel, offlineMarker } from '../../../derived/openaps';
import { formatAgo } from '../../../derived/timeago';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** `openaps` with `OPENAPS_ENABLE_ALERTS`: no loop for `OPENAPS_WARN`/`OPENAPS_URGENT` minutes (30/60), unless `OpenAPS Offline`. */
export class OpenApsProducer implements AlarmProducer {
  readonly name = 'openaps';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const prefs = config.plugins.openaps;
    const prop = prefs.enableAlerts ? sbx.property('openaps') : undefined;
    const last = prop?.lastLoopMoment === undefined ? undefined : Date.parse(prop.lastLoopMoment);
    if (last === undefined || offlineMarker(sbx.data.treatments, now)) return noAlarms();
    const level = loopLevel(last, now, prefs.warn, prefs.urgent);
    if (level < ALARM_LEVELS.WARN) return noAlarms();
    return {
      notifies: [
        { level, title: "OpenAPS isn't looping", message: `Last Loop: ${formatAgo(last, now)}`, pushoverSound: 'echo', group: 'OpenAPS', plugin: plugin(this.name, 'OpenAPS', 'pill-status'), debug: { lastLoopMoment: prop!.lastLoopMoment } },
      ],
    };
  }
}
