import { DeviceAgeProducer } from './device-age';

/** `bage`: hours since the last `Pump Battery Change`; `BAGE_INFO`/`BAGE_WARN`/`BAGE_URGENT` (312/336/360), `BAGE_ENABLE_ALERTS`. */
export const bageProducer = new DeviceAgeProducer('bage', 'Pump Battery Age', (sbx) => sbx.property('bage'));
