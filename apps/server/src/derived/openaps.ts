import type { DeviceStatusItem, TreatmentItem } from '@nightscout/protocol';
import { HOUR, MINUTE, millsOf, num } from './units';

type Doc = Record<string, unknown>;
/** A record with the time the reference attached as a moment (serialised as ISO 8601). */
type Timed = Doc & { moment: string };

export interface LoopStatus {
  symbol: string;
  code: string;
  label: string;
  when?: string;
}

export interface OpenApsProperty {
  seenDevices: Record<string, { name: string; uri: string; status?: LoopStatus; mmtune?: Doc }>;
  lastEnacted: Timed | null;
  lastNotEnacted: Timed | null;
  lastSuggested: Timed | null;
  lastIOB: Timed | null;
  lastMMTune: Timed | null;
  lastPredBGs: (Doc & { moment: string }) | null;
  lastLoopMoment?: string;
  lastEventualBG?: unknown;
  status: LoopStatus;
}

/** Device statuses a loop plugin looks at: the last 6 hours, not in the future. */
export const RECENT_LOOP_MS = 6 * HOUR;

const isObject = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
const iso = (mills: number) => new Date(mills).toISOString();

/** `openaps://rig/x` → `rig` (the reference's `utils.deviceName`). */
export const deviceName = (device: string | undefined): string => (device ? device.split('://').at(-1)! : 'unknown').split('/')[0];

/** The time of a loop record: its `mills`, else its `timestamp`. */
const recordMills = (record: Doc | undefined): number | undefined => (record ? (num(record.mills) ?? millsOf(record.timestamp)) : undefined);

export function loopStatusDisplay(
  moments: { enacted?: number; notEnacted?: number; suggested?: number; when?: number },
  recent: number,
  noWarning: boolean,
): LoopStatus {
  const { enacted, notEnacted, suggested, when } = moments;
  if (notEnacted !== undefined && ((enacted !== undefined && notEnacted > enacted) || (enacted === undefined && notEnacted > recent))) {
    return { symbol: 'x', code: 'notenacted', label: 'Not Enacted' };
  }
  if (enacted !== undefined && enacted > recent) return { symbol: '⌁', code: 'enacted', label: 'Enacted' };
  if (suggested !== undefined && suggested > recent) return { symbol: '↻', code: 'looping', label: 'Looping' };
  if (when !== undefined && (noWarning || when > recent)) return { symbol: '◉', code: 'waiting', label: 'Waiting' };
  return { symbol: '⚠', code: 'warning', label: 'Warning' };
}

/** The reference's OpenAPS analysis: the last enacted, not-enacted and suggested runs, IOB, predictions. */
export function analyzeOpenAps(devicestatus: readonly DeviceStatusItem[], time: number, warnMins: number): OpenApsProperty {
  const recent = time - (warnMins / 2) * MINUTE;
  const result: OpenApsProperty = {
    seenDevices: {}, lastEnacted: null, lastNotEnacted: null, lastSuggested: null, lastIOB: null, lastMMTune: null, lastPredBGs: null,
    status: { symbol: '⚠', code: 'warning', label: 'Warning' },
  };
  const devices = new Map<string, OpenApsProperty['seenDevices'][string]>();
  let enactedAt: number | undefined;
  let notEnactedAt: number | undefined;
  let suggestedAt: number | undefined;
  let iobAt: number | undefined;
  let predAt: number | undefined;
  const setPredictions = (record: Doc, at: number) => {
    if (record.predBGs === undefined || (predAt !== undefined && !(at > predAt))) return;
    const preds = Array.isArray(record.predBGs) ? { values: record.predBGs } : isObject(record.predBGs) ? { ...record.predBGs } : undefined;
    if (!preds) return;
    result.lastPredBGs = { ...preds, moment: iso(at) };
    predAt = at;
  };
  for (const status of devicestatus) {
    if (!isObject(status.openaps) || status.mills > time || status.mills < time - RECENT_LOOP_MS) continue;
    const openaps = status.openaps;
    const iobRecord = Array.isArray(openaps.iob) ? (isObject(openaps.iob[0]) ? { ...openaps.iob[0], timestamp: openaps.iob[0].time ?? openaps.iob[0].timestamp } : undefined) : isObject(openaps.iob) ? openaps.iob : undefined;
    const enactedRecord = isObject(openaps.enacted) ? openaps.enacted : undefined;
    const suggestedRecord = isObject(openaps.suggested) ? openaps.suggested : undefined;
    const received = enactedRecord && enactedRecord.timestamp && (enactedRecord.recieved || enactedRecord.received);
    const enacted = enactedRecord?.timestamp && received ? recordMills(enactedRecord) : undefined;
    const notEnacted = enactedRecord?.timestamp && !received ? recordMills(enactedRecord) : undefined;
    const suggested = recordMills(suggestedRecord);
    const iob = recordMills(iobRecord);

    const uri = String(status.device ?? 'device');
    const device = devices.get(uri) ?? { name: deviceName(uri), uri };
    devices.set(uri, device);
    const whenMills = status.mills;
    if (!device.status || whenMills > Date.parse(device.status.when ?? '')) {
      device.status = { ...loopStatusDisplay({ enacted, notEnacted, suggested, when: whenMills }, recent, true), when: iso(whenMills) };
    }
    if (enactedRecord && enacted !== undefined && (enactedAt === undefined || enacted > enactedAt)) {
      result.lastEnacted = { ...enactedRecord, moment: iso(enacted) };
      enactedAt = enacted;
      setPredictions(enactedRecord, enacted);
    }
    if (enactedRecord && notEnacted !== undefined && (notEnactedAt === undefined || notEnacted > notEnactedAt)) {
      result.lastNotEnacted = { ...enactedRecord, moment: iso(notEnacted) };
      notEnactedAt = notEnacted;
    }
    if (suggestedRecord && suggested !== undefined && (suggestedAt === undefined || suggested > suggestedAt)) {
      result.lastSuggested = { ...suggestedRecord, moment: iso(suggested) };
      suggestedAt = suggested;
      setPredictions(suggestedRecord, suggested);
    }
    if (iobRecord && iob !== undefined && (iobAt === undefined || iob > iobAt)) {
      result.lastIOB = { ...iobRecord, moment: iso(iob) };
      iobAt = iob;
    }
    const mmtune = isObject(status.mmtune) ? status.mmtune : undefined;
    const tuned = mmtune && millsOf(mmtune.timestamp);
    if (mmtune && tuned !== undefined && (!device.mmtune || whenMills > Date.parse(String(device.mmtune.moment)))) device.mmtune = { ...mmtune, moment: iso(tuned) };
  }
  result.seenDevices = Object.fromEntries(devices);
  const last = enactedAt !== undefined && (suggestedAt === undefined || enactedAt > suggestedAt) ? result.lastEnacted : result.lastSuggested;
  if (last) {
    result.lastLoopMoment = last.moment;
    result.lastEventualBG = last.eventualBG;
  }
  result.status = loopStatusDisplay({ enacted: enactedAt, notEnacted: notEnactedAt, suggested: suggestedAt }, recent, false);
  return result;
}

/** An `OpenAPS Offline` treatment covering `time`: the rig is known to be away, so no alarms. */
export const offlineMarker = (treatments: readonly TreatmentItem[], time: number): TreatmentItem | undefined =>
  treatments.findLast((t) => t.eventType === 'OpenAPS Offline' && t.mills <= time && t.mills + (num(t.duration) ?? 0) * MINUTE >= time);

/** WARN/URGENT once the last loop is older than `warn`/`urgent` minutes. */
export function loopLevel(lastLoopMills: number | undefined, time: number, warn: number, urgent: number): number {
  if (lastLoopMills === undefined) return -3;
  if (lastLoopMills + urgent * MINUTE < time) return 2;
  if (lastLoopMills + warn * MINUTE < time) return 1;
  return -3;
}
