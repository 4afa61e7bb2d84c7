import type { DeviceStatusItem } from '@nightscout/protocol';
import { MINUTE, num } from './units';

export interface UploaderStatus {
  battery?: number;
  batteryVoltage?: number;
  voltage?: number;
  voltageDisplay?: string;
  value?: number;
  display?: string;
  level?: number;
  notification?: number;
  [key: string]: unknown;
}

interface StatusSummary {
  uploader: UploaderStatus;
  created_at?: unknown;
  mills: number;
  _id: string;
}

export interface UpbatProperty {
  level?: number;
  display: string;
  status?: string;
  devices: Record<string, { name: string; uri: string; statuses: StatusSummary[]; min?: UploaderStatus }>;
  min?: UploaderStatus;
}

const RECENT_MS = 30 * MINUTE;
const statusClass = (level: number | undefined) => (level === 1 ? 'warn' : level === 2 ? 'urgent' : 'current');
const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;

function analyze(status: DeviceStatusItem, warn: number, urgent: number): UploaderStatus {
  const uploader: UploaderStatus = isObject(status.uploader) ? { ...status.uploader } : {};
  const battery = num(uploader.battery);
  let voltage = num(uploader.batteryVoltage);
  if (!battery && !voltage) return uploader;
  if (voltage && voltage > 1000) voltage /= 1000;
  const voltageDisplay = voltage ? `${voltage.toFixed(3)}v` : undefined;
  uploader.value = battery || voltage;
  if (battery) uploader.battery = battery;
  if (voltage) {
    uploader.voltage = voltage;
    uploader.voltageDisplay = voltageDisplay;
  }
  uploader.display = (battery ? `${battery}%` : voltageDisplay) + (status.isCharging ? '⚡' : '');
  const b = battery ?? NaN;
  uploader.level = b >= 95 ? 100 : b >= 55 ? 75 : b >= 30 ? 50 : 25;
  if (b <= warn && b > urgent) uploader.notification = 1;
  else if (b <= urgent) uploader.notification = 2;
  return uploader;
}

/** Uploader batteries of the last 30 minutes; per device the lowest of its last 10 minutes, overall the lowest. */
export function analyzeUpbat(devicestatus: readonly DeviceStatusItem[], time: number, warn: number, urgent: number): UpbatProperty {
  const result: UpbatProperty = { display: '?%', devices: {} };
  const devices = new Map<string, UpbatProperty['devices'][string]>();
  for (const status of devicestatus) {
    if (status.uploader === undefined || status.mills > time || status.mills < time - RECENT_MS) continue;
    const uri = String(status.device ?? 'uploader');
    const device = devices.get(uri) ?? { name: uri.startsWith('openaps://') ? uri.slice('openaps://'.length) : uri, uri, statuses: [] };
    devices.set(uri, device);
    device.statuses.push({ uploader: analyze(status, warn, urgent), created_at: status.created_at, mills: status.mills, _id: status._id });
  }
  const battery = (s: StatusSummary) => num(s.uploader.battery) ?? Infinity;
  const lowest = (items: StatusSummary[]) => items.reduce<StatusSummary | undefined>((min, s) => (!min || battery(s) < battery(min) ? s : min), undefined);
  const lowests: StatusSummary[] = [];
  for (const device of devices.values()) {
    device.statuses.sort((a, b) => b.mills - a.mills);
    const since = device.statuses[0].mills - 10 * MINUTE;
    const min = lowest(device.statuses.filter((s) => s.mills > since)) ?? device.statuses[0];
    device.min = min.uploader;
    lowests.push(min);
  }
  result.devices = Object.fromEntries(devices);
  const min = lowest(lowests);
  if (min) {
    result.level = min.uploader.level;
    result.display = min.uploader.display ?? '?%';
    result.status = statusClass(min.uploader.notification);
    result.min = min.uploader;
  }
  return result;
}
