import { DeviceAgeProducer } from './device-age';

/** `cage`: hours since the last `Site Change`; `CAGE_INFO`/`CAGE_WARN`/`CAGE_URGENT` (44/48/72), `CAGE_ENABLE_ALERTS`. */
export const cageProducer = new DeviceAgeProducer('cage', 'Cannula Age', (sbx) => sbx.property('cage'));
