import type { CalItem, DataUpdatePayload, DeviceStatusItem, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { DocumentsChangedEvent } from '../../events/documents-changed.event';
import type { StoredDocument } from '../../storage/stored-document';
import { idString } from '../../writes/server-fields';
import { calItem, deviceStatusItem, mbgItem, millsOf, plainItem, sgvItem, treatmentItem } from './legacy-items';

const HOUR = 3600_000;
/** How far back each kind of data is held and sent (docs/protocol/legacy-socket.md §6.3). */
export const WINDOWS = { entries: 48 * HOUR, treatments: 60 * HOUR, devicestatus: 24 * HOUR } as const;
/** Device status kinds of the full snapshot's recent subset, and how many of each per device. */
const STATUS_KINDS = ['uploader', 'pump', 'openaps', 'loop', 'xdripjs'] as const;
const RECENT_STATUS_PER_KIND = 10;

export interface WindowContents {
  entries: StoredDocument[];
  treatments: StoredDocument[];
  devicestatus: StoredDocument[];
  profile?: StoredDocument;
  food: StoredDocument[];
}

type Pending = Required<Pick<DataUpdatePayload, 'sgvs' | 'mbgs' | 'cals' | 'treatments' | 'devicestatus'>> & { profiles: boolean };

/** Older treatments the window keeps: the latest of each device-age event and the latest profile switch. */
export const LONG_LIVED_TREATMENTS = ['Sensor Start', 'Sensor Change', 'Sensor Stop', 'Site Change', 'Insulin Change', 'Pump Battery Change', 'Profile Switch'];

function keptOldTreatments(docs: StoredDocument[]): Set<string> {
  const latest = new Map<string, StoredDocument>();
  for (const doc of docs) {
    const type = String(doc.eventType);
    if (!LONG_LIVED_TREATMENTS.includes(type)) continue;
    const current = latest.get(type);
    if (!current || millsOf('treatments', doc) > millsOf('treatments', current)) latest.set(type, doc);
  }
  return new Set([...latest.values()].map((d) => idString(d._id)));
}

const emptyPending = (): Pending => ({ sgvs: [], mbgs: [], cals: [], treatments: [], devicestatus: [], profiles: false });
const byMills = <T extends { mills: number }>(items: T[]) => items.sort((a, b) => a.mills - b.mills);
const isLive = (doc: StoredDocument) => doc.isValid !== false;

/**
 * The legacy channel's in-memory view of recent data, kept current from domain events rather than
 * by re-reading the database on a timer. It renders the full snapshot sent after `authorize` and
 * accumulates the delta that the next `dataUpdate` broadcast carries.
 */
export class DataWindow {
  private readonly entries = new Map<string, StoredDocument>();
  private readonly treatments = new Map<string, StoredDocument>();
  private readonly devicestatus = new Map<string, StoredDocument>();
  private readonly food = new Map<string, StoredDocument>();
  private profile?: StoredDocument;
  private pending = emptyPending();
  /** Readings as (mills, mgdl), ascending; rebuilt only after entries change. */
  private readingLine?: { mills: number; mgdl: number }[];

  constructor(
    private readonly display: { units: 'mg/dl' | 'mmol'; obscureDevice?: string },
    private readonly now: () => number = Date.now,
  ) {}

  load(contents: WindowContents): void {
    this.readingLine = undefined;
    for (const [map, docs] of [
      [this.entries, contents.entries],
      [this.treatments, contents.treatments],
      [this.devicestatus, contents.devicestatus],
      [this.food, contents.food],
    ] as const) {
      map.clear();
      for (const doc of docs.filter(isLive)) map.set(idString(doc._id), doc);
    }
    this.profile = contents.profile;
    this.pending = emptyPending();
  }

  /** Folds a committed change into the window; returns true when the next delta has something new. */
  apply(event: DocumentsChangedEvent): boolean {
    const removed = event.operation === 'delete';
    for (const doc of event.documents) {
      const key = idString(doc._id);
      switch (event.collection) {
        case 'entries':
          this.applyEntry(key, doc, removed);
          break;
        case 'treatments':
          this.applyTreatment(key, doc, removed);
          break;
        case 'devicestatus':
          if (removed || !isLive(doc)) this.devicestatus.delete(key);
          else if (millsOf('devicestatus', doc) >= this.now() - WINDOWS.devicestatus) {
            this.devicestatus.set(key, doc);
            this.pending.devicestatus.push(deviceStatusItem(doc));
          }
          break;
        case 'profile':
          this.applyProfile(doc, removed);
          break;
        case 'food':
          // Food reaches clients with their next full snapshot only, as in the reference.
          if (removed || !isLive(doc)) this.food.delete(key);
          else this.food.set(key, doc);
          break;
        default:
          break;
      }
    }
    return this.hasPending();
  }

  /** The profile to fetch from the database when the latest one was removed. */
  needsProfileReload(event: DocumentsChangedEvent): boolean {
    return event.collection === 'profile' && event.operation === 'delete' && !this.profile;
  }

  setProfile(profile: StoredDocument | undefined): void {
    this.profile = profile;
    this.pending.profiles = true;
  }

  private applyEntry(key: string, doc: StoredDocument, removed: boolean): void {
    this.readingLine = undefined;
    if (removed || !isLive(doc)) {
      this.entries.delete(key); // removals of readings are never signalled (reference behaviour)
      return;
    }
    if (millsOf('entries', doc) < this.now() - WINDOWS.entries) return;
    this.entries.set(key, doc);
    if (doc.type === 'sgv' && doc.sgv !== undefined) this.pending.sgvs.push(sgvItem(doc, this.display.obscureDevice));
    else if (doc.type === 'mbg') this.pending.mbgs.push(mbgItem(doc));
    else if (doc.type === 'cal') this.pending.cals.push(calItem(doc));
  }

  private applyTreatment(key: string, doc: StoredDocument, removed: boolean): void {
    const known = this.treatments.has(key);
    if (removed || !isLive(doc)) {
      if (!known) return;
      this.treatments.delete(key);
      this.pending.treatments.push({ _id: key, mills: millsOf('treatments', doc), action: 'remove' });
      return;
    }
    if (!known && millsOf('treatments', doc) < this.now() - WINDOWS.treatments) return;
    this.treatments.set(key, doc);
    const item = this.treatmentItem(doc);
    this.pending.treatments.push(known ? { ...item, action: 'update' } : item);
  }

  private applyProfile(doc: StoredDocument, removed: boolean): void {
    const isCurrent = this.profile !== undefined && idString(this.profile._id) === idString(doc._id);
    if (removed || !isLive(doc)) {
      if (isCurrent) this.setProfile(undefined);
      return;
    }
    if (isCurrent || !this.profile || String(doc.startDate ?? '') >= String(this.profile.startDate ?? '')) this.setProfile(doc);
  }

  private hasPending(): boolean {
    const p = this.pending;
    return p.profiles || p.sgvs.length + p.mbgs.length + p.cals.length + p.treatments.length + p.devicestatus.length > 0;
  }

  /** The delta accumulated since the last call, or undefined when nothing changed (a delta is never empty). */
  takeDelta(): DataUpdatePayload | undefined {
    if (!this.hasPending()) return undefined;
    const p = this.pending;
    this.pending = emptyPending();
    const delta: DataUpdatePayload = { delta: true, lastUpdated: this.now() };
    for (const key of ['sgvs', 'mbgs', 'cals', 'treatments', 'devicestatus'] as const) {
      if (p[key].length > 0) (delta as Record<string, unknown>)[key] = byMills<{ mills: number }>(p[key]);
    }
    if (p.profiles) delta.profiles = this.profile ? [plainItem(this.profile)] : [];
    return delta;
  }

  /** The full snapshot sent after `authorize` (docs/protocol/legacy-socket.md §6.1). */
  snapshot(dbstats: DataUpdatePayload['dbstats']): DataUpdatePayload {
    this.prune();
    const entries = [...this.entries.values()];
    return {
      sgvs: byMills(this.sgvs()),
      mbgs: byMills(entries.filter((d) => d.type === 'mbg').map(mbgItem)),
      cals: byMills(entries.filter((d) => d.type === 'cal').map(calItem)),
      treatments: byMills([...this.treatments.values()].map((d) => this.treatmentItem(d))),
      devicestatus: byMills(this.recentDeviceStatus()),
      profiles: this.profile ? [this.withoutHiddenProfiles(plainItem(this.profile))] : [],
      food: [...this.food.values()].map(plainItem),
      dbstats,
    };
  }

  /** Every held device status, for `retroUpdate`. */
  deviceStatus(): DeviceStatusItem[] {
    this.prune();
    return byMills([...this.devicestatus.values()].map(deviceStatusItem));
  }

  /** Glucose readings held, ascending (the alarm engine reads these). */
  sgvs(): SgvItem[] {
    return byMills([...this.entries.values()].filter((d) => d.type === 'sgv' && d.sgv !== undefined).map((d) => sgvItem(d, this.display.obscureDevice)));
  }

  /** Meter readings held, ascending. */
  mbgItems(): MbgItem[] {
    return byMills([...this.entries.values()].filter((d) => d.type === 'mbg').map(mbgItem));
  }

  /** Calibrations held, ascending. */
  calItems(): CalItem[] {
    return byMills([...this.entries.values()].filter((d) => d.type === 'cal').map(calItem));
  }

  /** The latest profile document, as clients receive it (with hidden `@@@@@` profiles). */
  profileItem(): Record<string, unknown> | undefined {
    return this.profile && plainItem(this.profile);
  }

  /** The food database held. */
  foodItems(): Record<string, unknown>[] {
    return [...this.food.values()].map(plainItem);
  }

  /** Treatments held, ascending. */
  treatmentItems(): TreatmentItem[] {
    return byMills([...this.treatments.values()].map((d) => this.treatmentItem(d)));
  }

  private treatmentItem(doc: StoredDocument): TreatmentItem {
    return treatmentItem(doc, this.display.units, (mills) => this.nearbyMgdl(mills));
  }

  /** Average of the readings just before and after a time (one side when only one exists). */
  private nearbyMgdl(mills: number): number | undefined {
    this.readingLine ??= [...this.entries.values()]
      .filter((d) => d.type === 'sgv' && Number.isFinite(Number(d.sgv)))
      .map((d) => ({ mills: millsOf('entries', d), mgdl: Number(d.sgv) }))
      .sort((a, b) => a.mills - b.mills);
    const line = this.readingLine;
    // First reading at or after `mills` (binary search); the one before it is the other neighbour.
    let lo = 0;
    let hi = line.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (line[mid].mills < mills) lo = mid + 1;
      else hi = mid;
    }
    const after = line[lo];
    const before = after?.mills === mills ? after : line[lo - 1];
    const values = [before?.mgdl, after?.mgdl].filter((v): v is number => v !== undefined);
    return values.length ? Math.round(values.reduce((a, b) => a + b, 0) / values.length) : undefined;
  }

  /** For each (device, kind), the ten newest documents not in the future. */
  private recentDeviceStatus(): DeviceStatusItem[] {
    const now = this.now();
    const groups = new Map<string, DeviceStatusItem[]>();
    for (const item of [...this.devicestatus.values()].map(deviceStatusItem)) {
      if (item.mills > now) continue;
      for (const kind of STATUS_KINDS) {
        if (item[kind] === undefined) continue;
        const key = `${String(item.device)}\u0000${kind}`;
        groups.set(key, [...(groups.get(key) ?? []), item]);
      }
    }
    const chosen = new Map<string, DeviceStatusItem>();
    for (const items of groups.values()) {
      for (const item of items.sort((a, b) => b.mills - a.mills).slice(0, RECENT_STATUS_PER_KIND)) chosen.set(item._id, item);
    }
    return [...chosen.values()];
  }

  /** The first profile's store without keys holding `@@@@@` (hidden profiles), as in the reference. */
  private withoutHiddenProfiles(profile: Record<string, unknown>): Record<string, unknown> {
    const store = profile.store as Record<string, unknown> | undefined;
    if (!store) return profile;
    return { ...profile, store: Object.fromEntries(Object.entries(store).filter(([k]) => !(k.indexOf('@@@@@') > 0))) };
  }

  private prune(): void {
    const now = this.now();
    const kept = keptOldTreatments([...this.treatments.values()]);
    for (const [key, doc] of this.treatments) if (millsOf('treatments', doc) < now - WINDOWS.treatments && !kept.has(key)) this.treatments.delete(key);
    for (const [key, doc] of this.entries) {
      if (millsOf('entries', doc) >= now - WINDOWS.entries) continue;
      this.entries.delete(key);
      this.readingLine = undefined;
    }
    for (const [key, doc] of this.devicestatus) if (millsOf('devicestatus', doc) < now - WINDOWS.devicestatus) this.devicestatus.delete(key);
  }
}
