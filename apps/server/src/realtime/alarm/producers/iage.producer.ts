import { DeviceAgeProducer } from './device-age';

/** `iage`: hours since the last `Insulin Change`; `IAGE_INFO`/`IAGE_WARN`/`IAGE_URGENT` (44/48/72), `IAGE_ENABLE_ALERTS`. */
export const iageProducer = new DeviceAgeProducer('iage', 'Insulin Age', (sbx) => sbx.property('iage'));
