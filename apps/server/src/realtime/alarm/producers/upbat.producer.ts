import { ALARM_LEVELS } from '@nightscout/protocol';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** `upbat` with `UPBAT_ENABLE_ALERTS`: the lowest uploader battery at or below `UPBAT_WARN`/`UPBAT_URGENT` percent (30/20). */
export class UpbatProducer implements AlarmProducer {
  readonly name = 'upbat';

  produce({ sbx, config }: AlarmContext): ProducerResult {
    const prop = config.plugins.upbat.enableAlerts ? sbx.property('upbat') : undefined;
    const level = prop?.min?.notification;
    if (!prop || level === undefined || level < ALARM_LEVELS.WARN) return noAlarms();
    const message = Object.values(prop.devices)
      .map((d) => [d.name, d.min?.display, d.min?.battery && d.min.voltageDisplay ? `(${d.min.voltageDisplay})` : undefined].filter(Boolean).join(' '))
      .join('; ');
    return {
      notifies: [{ level, title: `${LEVEL_NAMES[level]} Uploader Battery is Low`, message, pushoverSound: 'echo', group: 'Uploader Battery', plugin: plugin(this.name, 'Uploader Battery', 'pill-status') }],
    };
  }
}
