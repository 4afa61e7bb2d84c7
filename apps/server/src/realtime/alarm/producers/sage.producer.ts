import { DeviceAgeProducer } from './device-age';

/** `sage`: the later of `Sensor Start` / `Sensor Change`; `SAGE_INFO`/`SAGE_WARN`/`SAGE_URGENT` (144/164/166), `SAGE_ENABLE_ALERTS`. */
export const sageProducer = new DeviceAgeProducer('sage', 'Sensor Age', (sbx) => {
  const sage = sbx.property('sage');
  return sage && sage[sage.min];
});
