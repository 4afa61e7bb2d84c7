import type { AgeInfo } from '../../../derived/device-age';
import type { PropertyName, Sandbox } from '../../../derived/sandbox';
import { noAlarms, plugin, type AlarmContext, type AlarmProducer, type NotifyRequest, type ProducerResult } from '../notify-request';

/**
 * A device-age plugin (cage, sage, iage, bage): its property carries a notification only in the
 * first 20 minutes of the hour a threshold is reached, and only with `<PLUGIN>_ENABLE_ALERTS`.
 */
export class DeviceAgeProducer implements AlarmProducer {
  constructor(
    readonly name: PropertyName & ('cage' | 'sage' | 'iage' | 'bage'),
    private readonly label: string,
    private readonly info: (sbx: Sandbox) => AgeInfo | undefined,
  ) {}

  produce({ sbx }: AlarmContext): ProducerResult {
    const info = this.info(sbx);
    if (!info?.notification) return noAlarms();
    const request: NotifyRequest = { ...info.notification, plugin: plugin(this.name, this.label, 'pill-minor'), debug: { age: info.age } };
    return { notifies: [request] };
  }
}
