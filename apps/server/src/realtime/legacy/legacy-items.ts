import type { CalItem, DeviceStatusItem, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { StoredDocument } from '../../storage/stored-document';
import { toWire } from '../socket-handler';

/** Largest glucose a treatment is drawn at: 22 mmol/l ≈ 396 mg/dl (the reference's cap). */
const MAX_MGDL = 396;
const MAX_MMOL = 22;
/** Where the reference draws a treatment without a glucose value or nearby readings. */
const DEFAULT_MGDL = 180;

const num = (v: unknown): number | undefined => (v === undefined || v === null || v === '' ? undefined : Number(v));
const id = (doc: StoredDocument): string => (typeof doc._id === 'string' ? doc._id : doc._id.toHexString());

/** Epoch ms of a document on the legacy time axis: `date` for entries, `created_at` otherwise. */
export function millsOf(collection: 'entries' | 'treatments' | 'devicestatus', doc: StoredDocument): number {
  if (collection === 'entries') return Number(doc.date) || Date.parse(String(doc.dateString ?? doc.sysTime ?? ''));
  return Date.parse(String(doc.created_at ?? '')) || Number(doc.date) || 0;
}

export function sgvItem(doc: StoredDocument, obscureDevice?: string): SgvItem {
  return toWire({
    _id: id(doc),
    mgdl: Number(doc.sgv),
    mills: millsOf('entries', doc),
    device: obscureDevice ?? (doc.device as string | undefined),
    direction: doc.direction as string | undefined,
    filtered: num(doc.filtered),
    unfiltered: num(doc.unfiltered),
    noise: num(doc.noise),
    rssi: num(doc.rssi),
    type: 'sgv',
  });
}

export const mbgItem = (doc: StoredDocument): MbgItem =>
  toWire({ _id: id(doc), mgdl: Number(doc.mbg), mills: millsOf('entries', doc), device: doc.device as string | undefined, type: 'mbg' });

export const calItem = (doc: StoredDocument): CalItem =>
  toWire({ _id: id(doc), mills: millsOf('entries', doc), scale: num(doc.scale), intercept: num(doc.intercept), slope: num(doc.slope), type: 'cal' });

/** A treatment with the runtime fields the web UI draws with (docs/protocol/legacy-socket.md §6.2). */
export function treatmentItem(doc: StoredDocument, displayUnits: 'mg/dl' | 'mmol', nearbyMgdl: (mills: number) => number | undefined): TreatmentItem {
  const item = toWire({ ...doc, _id: id(doc) }) as TreatmentItem;
  item.mills = millsOf('treatments', doc);
  item.eventType ??= '';
  const durationMs = num(doc.durationInMilliseconds);
  if (durationMs !== undefined && doc.duration === undefined) item.duration = durationMs / 60_000;
  const duration = num(item.duration);
  if (duration !== undefined) item.endmills = item.mills + duration * 60_000;
  if (doc.amount !== undefined && doc.absolute === undefined) item.absolute = Number(doc.amount);
  const glucose = num(doc.glucose);
  if (glucose !== undefined && !Number.isNaN(glucose)) {
    const units = (doc.units as string | undefined) ?? displayUnits;
    if (units.startsWith('mmol')) item.mmol = Math.min(glucose, MAX_MMOL);
    else item.mgdl = Math.min(glucose, MAX_MGDL);
  } else {
    item.mgdl = nearbyMgdl(item.mills) ?? DEFAULT_MGDL;
  }
  return item;
}

export function deviceStatusItem(doc: StoredDocument): DeviceStatusItem {
  const item = toWire({ ...doc, _id: id(doc) }) as DeviceStatusItem;
  item.mills = millsOf('devicestatus', doc);
  if (item.uploaderBattery !== undefined) {
    item.uploader = { battery: item.uploaderBattery };
    delete item.uploaderBattery;
  }
  return item;
}

export const plainItem = (doc: StoredDocument): Record<string, unknown> & { _id: string } => toWire({ ...doc, _id: id(doc) });
