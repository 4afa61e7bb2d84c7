import { ALARM_LEVELS } from '@nightscout/protocol';
import { LEVEL_NAMES, noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/** `dbsize` with `DBSIZE_ENABLE_ALERTS`: the database at `DBSIZE_WARN_PERCENTAGE`/`_URGENT_PERCENTAGE` (60/75) of `DBSIZE_MAX` MiB. */
export class DbSizeProducer implements AlarmProducer {
  readonly name = 'dbsize';

  produce({ sbx, config }: AlarmContext): ProducerResult {
    const prop = config.plugins.dbsize.enableAlerts ? sbx.property('dbsize') : undefined;
    if (!prop?.dataPercentage || prop.notificationLevel < ALARM_LEVELS.WARN) return noAlarms();
    return {
      notifies: [
        {
          level: prop.notificationLevel,
          title: `${LEVEL_NAMES[prop.notificationLevel]} Database Size near its limits!`,
          message: `Database size is ${prop.details.dataSize} MiB out of ${prop.details.maxSize} MiB. Please backup and clean up database!`,
          pushoverSound: 'echo',
          group: 'Database Size',
          plugin: plugin(this.name, 'Database Size', 'pill-status'),
        },
      ],
    };
  }
}
