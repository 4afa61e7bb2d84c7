import type { CalItem, DataUpdatePayload, DeviceStatusItem, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import type { DocumentsChangedEvent } from '../../events/documents-changed.event';
import type { StoredDocument } from '../../storage/stored-document';
import { idString } from '../../writes/server-fields';
import { calItem, deviceStatusItem, mbgItem, millsOf, plainItem, sgvItem, treatmentItem } from './legacy-items';

const HOUR = 3600_000;
const MIB = 1024 * 1024;
/** How far back each kind of data is held and sent (docs/protocol/legacy-socket.md §6.3). */
export const WINDOWS = { entries: 48 * HOUR, treatments: 60 * HOUR, devicestatus: 24 * HOUR } as const;
/**
 * The most each kind may hold, whatever clients upload (docs/performance.md, "Caps"): beyond either
 * number the oldest go first. Generous for one person (48 h of 1-minute CGM is 2,880 readings;
 * 24 h of 5-minute AndroidAPS status of ~5 KB is 1.4 MiB).
 */
export const CAPS = {
  entries: { count: 10_000, bytes: 8 * MIB },
  treatments: { count: 5_000, bytes: 8 * MIB },
  devicestatus: { count: 2_000, bytes: 24 * MIB },
} as const;
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
type EntryItem = SgvItem | MbgItem | CalItem;

/** A held document with what clients are sent of it, made once when it arrives (serialising is the window's main cost). */
interface Held<I> {
  doc: StoredDocument;
  item: I;
  mills: number;
  bytes: number;
}

/** Older treatments the window keeps: the latest of each device-age event and the latest profile switch. */
export const LONG_LIVED_TREATMENTS = ['Sensor Start', 'Sensor Change', 'Sensor Stop', 'Site Change', 'Insulin Change', 'Pump Battery Change', 'Profile Switch'];

function keptOldTreatments(held: Iterable<Held<TreatmentItem>>): Set<string> {
  const latest = new Map<string, Held<TreatmentItem>>();
  for (const h of held) {
    const type = String(h.doc.eventType);
    if (!LONG_LIVED_TREATMENTS.includes(type)) continue;
    const current = latest.get(type);
    if (!current || h.mills > current.mills) latest.set(type, h);
  }
  return new Set([...latest.values()].map((h) => h.item._id));
}

/** The cached lists each collection's changes make stale. */
const LISTS_OF: ReadonlyMap<string, readonly string[]> = new Map([
  ['entries', ['sgv', 'mbg', 'cal', 'treatments']],
  ['treatments', ['treatments']],
  ['devicestatus', ['devicestatus']],
  ['profile', ['profile']],
  ['food', ['food']],
]);

const emptyPending = (): Pending => ({ sgvs: [], mbgs: [], cals: [], treatments: [], devicestatus: [], profiles: false });
const byMills = <T extends { mills: number }>(items: T[]) => items.sort((a, b) => a.mills - b.mills);
const isLive = (doc: StoredDocument) => doc.isValid !== false;

/** A wire item (the item builders return JSON-safe copies) and its serialised size, for the byte cap. */
function wire<I>(make: () => I): { item: I; bytes: number } {
  const item = make();
  return { item, bytes: item === undefined ? 0 : JSON.stringify(item).length };
}

/** One kind's held documents by `_id`, with their total size, shrunk from the oldest to its caps. */
class HeldSet<I> {
  readonly map = new Map<string, Held<I>>();
  private bytes = 0;

  constructor(private readonly caps: { count: number; bytes: number }) {}

  set(key: string, held: Held<I>): void {
    this.delete(key);
    this.map.set(key, held);
    this.bytes += held.bytes;
    if (this.map.size > this.caps.count || this.bytes > this.caps.bytes) this.shrink();
  }

  delete(key: string): boolean {
    const held = this.map.get(key);
    if (!held) return false;
    this.bytes -= held.bytes;
    return this.map.delete(key);
  }

  clear(): void {
    this.map.clear();
    this.bytes = 0;
  }

  has(key: string): boolean {
    return this.map.has(key);
  }

  values(): IterableIterator<Held<I>> {
    return this.map.values();
  }

  /** Drops the oldest until both caps hold again (sorting once per overflow, which is rare). */
  private shrink(): void {
    const oldestFirst = [...this.map].sort((a, b) => a[1].mills - b[1].mills);
    for (const [key] of oldestFirst) {
      if (this.map.size <= this.caps.count && this.bytes <= this.caps.bytes) break;
      this.delete(key);
    }
  }
}

/**
 * The legacy channel's in-memory view of recent data, kept current from domain events rather than
 * by re-reading the database on a timer. It renders the full snapshot sent after `authorize` and
 * accumulates the delta that the next `dataUpdate` broadcast carries. Each document is serialised
 * once, when it arrives; item lists and the snapshot are rebuilt only after a change, or when a
 * held item ages out of its window.
 */
export class DataWindow {
  private readonly entries = new HeldSet<EntryItem | undefined>(CAPS.entries);
  private readonly treatments = new HeldSet<TreatmentItem>(CAPS.treatments);
  private readonly devicestatus = new HeldSet<DeviceStatusItem>(CAPS.devicestatus);
  private readonly food = new Map<string, Record<string, unknown>>();
  private profile?: StoredDocument;
  private pending = emptyPending();
  /** Readings as (mills, mgdl), ascending; rebuilt only after entries change. */
  private readingLine?: { mills: number; mgdl: number }[];
  /** Lists built since their data last changed, exact until `expiry`. */
  private readonly lists = new Map<string, unknown>();
  private expiry = -Infinity;

  constructor(
    private readonly display: { units: 'mg/dl' | 'mmol'; obscureDevice?: string },
    private readonly now: () => number = Date.now,
  ) {}

  load(contents: WindowContents): void {
    this.readingLine = undefined;
    this.lists.clear();
    this.expiry = -Infinity;
    for (const set of [this.entries, this.treatments, this.devicestatus]) set.clear();
    this.food.clear();
    for (const doc of contents.entries.filter(isLive)) this.entries.set(idString(doc._id), this.heldEntry(doc));
    for (const doc of contents.treatments.filter(isLive)) this.treatments.set(idString(doc._id), this.heldTreatment(doc));
    for (const doc of contents.devicestatus.filter(isLive)) this.devicestatus.set(idString(doc._id), heldStatus(doc));
    for (const doc of contents.food.filter(isLive)) this.food.set(idString(doc._id), plainItem(doc));
    this.profile = contents.profile;
    this.pending = emptyPending();
  }

  /** Folds a committed change into the window; returns true when the next delta has something new. */
  apply(event: DocumentsChangedEvent): boolean {
    const removed = event.operation === 'delete';
    this.changed(event.collection);
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
          this.applyDeviceStatus(key, doc, removed);
          break;
        case 'profile':
          this.applyProfile(doc, removed);
          break;
        case 'food':
          // Food reaches clients with their next full snapshot only, as in the reference.
          if (removed || !isLive(doc)) this.food.delete(key);
          else this.food.set(key, plainItem(doc));
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
    this.changed('profile');
    this.profile = profile;
    this.pending.profiles = true;
  }

  private applyEntry(key: string, doc: StoredDocument, removed: boolean): void {
    if (removed || !isLive(doc)) {
      this.entries.delete(key); // removals of readings are never signalled (reference behaviour)
      return;
    }
    const held = this.heldEntry(doc);
    if (held.mills < this.now() - WINDOWS.entries) return;
    this.entries.set(key, held);
    this.expires(held.mills + WINDOWS.entries);
    const item = held.item;
    if (item?.type === 'sgv') this.pending.sgvs.push(item);
    else if (item?.type === 'mbg') this.pending.mbgs.push(item);
    else if (item?.type === 'cal') this.pending.cals.push(item);
  }

  private applyTreatment(key: string, doc: StoredDocument, removed: boolean): void {
    const known = this.treatments.has(key);
    if (removed || !isLive(doc)) {
      if (!known) return;
      this.treatments.delete(key);
      this.pending.treatments.push({ _id: key, mills: millsOf('treatments', doc), action: 'remove' });
      return;
    }
    const held = this.heldTreatment(doc);
    if (!known && held.mills < this.now() - WINDOWS.treatments) return;
    this.treatments.set(key, held);
    this.expires(held.mills + WINDOWS.treatments);
    const item = this.drawn(held.item);
    this.pending.treatments.push(known ? { ...item, action: 'update' } : item);
  }

  private applyDeviceStatus(key: string, doc: StoredDocument, removed: boolean): void {
    if (removed || !isLive(doc)) {
      this.devicestatus.delete(key);
      return;
    }
    const held = heldStatus(doc);
    if (held.mills < this.now() - WINDOWS.devicestatus) return;
    this.devicestatus.set(key, held);
    this.expires(held.mills + WINDOWS.devicestatus);
    this.expires(held.mills);
    this.pending.devicestatus.push(held.item);
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
      if (p[key].length > 0) (delta as Record<string, unknown>)[key] = byMills<{ mills: number }>([...p[key]]);
    }
    if (p.profiles) delta.profiles = this.profile ? [plainItem(this.profile)] : [];
    return delta;
  }

  /** The full snapshot sent after `authorize` (docs/protocol/legacy-socket.md §6.1). */
  snapshot(dbstats: DataUpdatePayload['dbstats']): DataUpdatePayload {
    return { ...this.snapshotData(), dbstats };
  }

  /**
   * The snapshot without `dbstats`: the same object until something held changes, so that its
   * identity versions the window (the gateway encodes it once per version).
   */
  snapshotData(): Omit<DataUpdatePayload, 'dbstats'> {
    return this.cached('snapshot', () => ({
      sgvs: this.sgvs(),
      mbgs: this.mbgItems(),
      cals: this.calItems(),
      treatments: this.treatmentItems(),
      devicestatus: byMills(this.recentDeviceStatus()),
      profiles: this.profile ? [this.withoutHiddenProfiles(plainItem(this.profile))] : [],
      food: this.foodItems(),
    }));
  }

  /** Every held device status, for `retroUpdate`. */
  deviceStatus(): DeviceStatusItem[] {
    return this.cached('devicestatus', () => byMills([...this.devicestatus.values()].map((h) => h.item)));
  }

  /** Glucose readings held, ascending (the alarm engine reads these). */
  sgvs(): SgvItem[] {
    return this.entryItems('sgv') as SgvItem[];
  }

  /** Meter readings held, ascending. */
  mbgItems(): MbgItem[] {
    return this.entryItems('mbg') as MbgItem[];
  }

  /** Calibrations held, ascending. */
  calItems(): CalItem[] {
    return this.entryItems('cal') as CalItem[];
  }

  /** The latest profile document, as clients receive it (with hidden `@@@@@` profiles). */
  profileItem(): Record<string, unknown> | undefined {
    return this.cached('profile', () => this.profile && plainItem(this.profile));
  }

  /** The food database held. */
  foodItems(): Record<string, unknown>[] {
    return this.cached('food', () => [...this.food.values()]);
  }

  /** Treatments held, ascending. */
  treatmentItems(): TreatmentItem[] {
    return this.cached('treatments', () => byMills([...this.treatments.values()].map((h) => this.drawn(h.item))));
  }

  private entryItems(type: string): EntryItem[] {
    return this.cached(type, () => byMills([...this.entries.values()].flatMap((h) => (h.item?.type === type ? [h.item] : []))));
  }

  /**
   * A list as built since its data last changed; built now when missing. When a held item ages out
   * of its window (or a future device status comes due), everything is pruned and rebuilt. The
   * lists are shared: callers must not change them.
   */
  private cached<T>(name: string, build: () => T): T {
    if (this.now() >= this.expiry) {
      this.prune();
      this.lists.clear();
      this.expiry = this.nextExpiry();
    }
    if (!this.lists.has(name)) this.lists.set(name, build());
    return this.lists.get(name) as T;
  }

  /** Drops the lists built from a collection (and the snapshot, which holds them all). */
  private changed(collection: string): void {
    if (collection === 'entries') this.readingLine = undefined;
    for (const name of LISTS_OF.get(collection) ?? []) this.lists.delete(name);
    this.lists.delete('snapshot');
  }

  /** A newly held item may leave its window before every other. */
  private expires(at: number): void {
    if (at > this.now()) this.expiry = Math.min(this.expiry, at);
  }

  /** When the next held item leaves its window (or a future device status becomes current). */
  private nextExpiry(): number {
    const now = this.now();
    let next = Infinity;
    for (const [set, window] of [[this.entries, WINDOWS.entries], [this.treatments, WINDOWS.treatments], [this.devicestatus, WINDOWS.devicestatus]] as const) {
      for (const held of (set as HeldSet<unknown>).values()) {
        if (held.mills + window > now) next = Math.min(next, held.mills + window);
      }
    }
    for (const held of this.devicestatus.values()) if (held.mills > now) next = Math.min(next, held.mills);
    return next;
  }

  private heldEntry(doc: StoredDocument): Held<EntryItem | undefined> {
    const make = (): EntryItem | undefined => {
      if (doc.type === 'sgv' && doc.sgv !== undefined) return sgvItem(doc, this.display.obscureDevice);
      if (doc.type === 'mbg') return mbgItem(doc);
      if (doc.type === 'cal') return calItem(doc);
      return undefined;
    };
    const { item, bytes } = wire(make);
    return { doc, item, mills: millsOf('entries', doc), bytes };
  }

  private heldTreatment(doc: StoredDocument): Held<TreatmentItem> {
    // Drawn later: where a treatment without glucose is drawn depends on the readings around it.
    const { item, bytes } = wire(() => treatmentItem(doc, this.display.units, () => undefined));
    return { doc, item, mills: item.mills, bytes };
  }

  /** A treatment item with its glucose: its own, else the readings around it. */
  private drawn(item: TreatmentItem): TreatmentItem {
    if (item.glucose !== undefined && item.glucose !== null && item.glucose !== '' && !Number.isNaN(Number(item.glucose))) return item;
    return { ...item, mgdl: this.nearbyMgdl(item.mills) ?? item.mgdl };
  }

  /** Average of the readings just before and after a time (one side when only one exists). */
  private nearbyMgdl(mills: number): number | undefined {
    this.readingLine ??= [...this.entries.values()]
      .filter((h) => h.doc.type === 'sgv' && Number.isFinite(Number(h.doc.sgv)))
      .map((h) => ({ mills: h.mills, mgdl: Number(h.doc.sgv) }))
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
    for (const { item } of this.devicestatus.values()) {
      if (item.mills > now) continue;
      for (const kind of STATUS_KINDS) {
        if (item[kind] === undefined) continue;
        const key = `${String(item.device)}\u0000${kind}`;
        const group = groups.get(key);
        if (group) group.push(item);
        else groups.set(key, [item]);
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
    const kept = keptOldTreatments(this.treatments.values());
    for (const [key, held] of this.treatments.map) if (held.mills < now - WINDOWS.treatments && !kept.has(key)) this.treatments.delete(key);
    for (const [key, held] of this.entries.map) {
      if (held.mills >= now - WINDOWS.entries) continue;
      this.entries.delete(key);
      this.readingLine = undefined;
    }
    for (const [key, held] of this.devicestatus.map) if (held.mills < now - WINDOWS.devicestatus) this.devicestatus.delete(key);
  }
}

function heldStatus(doc: StoredDocument): Held<DeviceStatusItem> {
  const { item, bytes } = wire(() => deviceStatusItem(doc));
  return { doc, item, mills: item.mills, bytes };
}
