import { ALARM_LEVELS } from '@nightscout/protocol';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

/**
 * `pump` with `PUMP_ENABLE_ALERTS`: reservoir below `PUMP_WARN_RES`/`PUMP_URGENT_RES` units,
 * battery below `PUMP_WARN_BATT_P`/`_V`, clock older than `PUMP_WARN_CLOCK`/`PUMP_URGENT_CLOCK`
 * minutes, and (`PUMP_WARN_ON_SUSPEND`) a suspended pump. Quiet while an `OpenAPS Offline` runs.
 */
export class PumpProducer implements AlarmProducer {
  readonly name = 'pump';

  produce({ sbx, config }: AlarmContext): ProducerResult {
    const data = config.plugins.pump.enableAlerts ? sbx.property('pump')?.data : undefined;
    if (!data || data.level < ALARM_LEVELS.WARN) return noAlarms();
    return {
      notifies: [{ level: data.level, title: data.title, message: data.message || data.title, pushoverSound: 'echo', group: 'Pump', plugin: plugin(this.name, 'Pump', 'pill-status') }],
    };
  }
}
