import type { CalItem, DeviceStatusItem, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import { loadConfig } from '../../src/config/app-config';
import { Sandbox, type DerivedData } from '../../src/derived/sandbox';
import type { AlarmProducer, ProducerResult } from '../../src/realtime/alarm/notify-request';

/** A fixed "now" for unit tests of derived values and producers (a Wednesday, 12:00 UTC). */
export const NOW = Date.parse('2024-05-01T12:00:00.000Z');
export const MIN = 60_000;

let ids = 0;
const id = () => (++ids).toString(16).padStart(24, '0');

export const sgv = (mgdl: number, minutesAgo: number, extra: Partial<SgvItem> = {}): SgvItem => ({ _id: id(), mgdl, mills: NOW - minutesAgo * MIN, type: 'sgv', ...extra });
export const mbg = (mgdl: number, minutesAgo: number): MbgItem => ({ _id: id(), mgdl, mills: NOW - minutesAgo * MIN, type: 'mbg' });
export const cal = (fields: Partial<CalItem>): CalItem => ({ _id: id(), mills: NOW - 60 * MIN, type: 'cal', ...fields });
export const treatment = (minutesAgo: number, fields: Record<string, unknown>): TreatmentItem => ({ _id: id(), mills: NOW - minutesAgo * MIN, eventType: '', ...fields });
export const status = (minutesAgo: number, fields: Record<string, unknown>): DeviceStatusItem => ({ _id: id(), mills: NOW - minutesAgo * MIN, created_at: new Date(NOW - minutesAgo * MIN).toISOString(), ...fields });

/** A profile document with one `Default` profile (flat values, UTC). */
export const profile = (values: Record<string, unknown>, startDate = '2024-01-01T00:00:00.000Z') => ({
  _id: id(),
  defaultProfile: 'Default',
  startDate,
  store: { Default: { timezone: 'UTC', units: 'mg/dl', ...values } },
});

export function sandbox(env: Record<string, string>, data: Partial<DerivedData>, time = NOW): Sandbox {
  const empty: DerivedData = { sgvs: [], mbgs: [], cals: [], treatments: [], devicestatus: [], profiles: [] };
  return new Sandbox(loadConfig(env), { ...empty, ...data }, time);
}

export function produce(producer: AlarmProducer, env: Record<string, string>, data: Partial<DerivedData>, time = NOW): ProducerResult {
  const sbx = sandbox(env, data, time);
  return producer.produce({ now: time, config: sbx.config, sbx });
}
