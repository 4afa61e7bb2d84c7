import { MINUTE } from '../../../derived/units';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type ProducerResult } from '../notify-request';

const CODE_DISPLAY = new Map([[1, '?SN'], [2, '?MD'], [3, '?NA'], [5, '?NC'], [6, '?CD'], [9, '?AD'], [10, '???'], [12, '?RF']]);
const CODE_SOUND = new Map([[5, 'intermission'], [9, 'alien'], [10, 'alien']]);

/**
 * `errorcodes`: a current reading below 39 is a CGM error code; `ERRORCODES_INFO` (1–8),
 * `ERRORCODES_WARN` (none) and `ERRORCODES_URGENT` (9 hourglass, 10 ???) give its level.
 */
export class ErrorCodesProducer implements AlarmProducer {
  readonly name = 'errorcodes';

  produce({ now, sbx, config }: AlarmContext): ProducerResult {
    const last = sbx.lastSgv();
    if (!last || now - last.mills >= 10 * MINUTE || !(last.mgdl < 39)) return noAlarms();
    const level = config.plugins.errorcodes.get(last.mgdl);
    if (level === undefined) return noAlarms();
    return {
      notifies: [
        {
          level,
          title: 'CGM Error Code',
          message: CODE_DISPLAY.get(last.mgdl) ?? `${last.mgdl}??`,
          pushoverSound: CODE_SOUND.get(last.mgdl),
          group: 'CGM Error Code',
          plugin: plugin(this.name, 'Dexcom Error Codes'),
          debug: { lastSGV: last },
        },
      ],
    };
  }
}
