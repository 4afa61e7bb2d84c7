import type { CalItem, DataUpdatePayload, DeviceStatusItem, LegacyDocument, LegacyStatus, MbgItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import { Signal } from './signal';

/** How long readings and device status are kept when deltas arrive (the reference client's `TWO_DAYS`). */
export const LEGACY_MAX_AGE_MS = 172_800_000;

/** A food record as the legacy channel sends it (no `mills`). */
export type FoodItem = LegacyDocument & { _id: string };

/** Everything the legacy channel has sent, merged: what a display draws from. */
export interface LegacySnapshot {
  readonly sgvs: readonly SgvItem[];
  readonly mbgs: readonly MbgItem[];
  readonly cals: readonly CalItem[];
  readonly treatments: readonly TreatmentItem[];
  readonly devicestatus: readonly DeviceStatusItem[];
  readonly profiles: readonly LegacyDocument[];
  readonly food: readonly FoodItem[];
  readonly dbstats?: DataUpdatePayload['dbstats'];
  readonly status?: LegacyStatus;
  /** Client clock (epoch ms) when the last `dataUpdate` was merged; undefined before the first. */
  readonly receivedAt?: number;
}

export const EMPTY_SNAPSHOT: LegacySnapshot = { sgvs: [], mbgs: [], cals: [], treatments: [], devicestatus: [], profiles: [], food: [] };

type Timed = { mills: number };
type ById = { _id: string; mills?: number; action?: 'update' | 'remove' };

const byMills = (a: { mills?: number }, b: { mills?: number }) => (a.mills as number) - (b.mills as number);

/**
 * Readings and device status (docs/protocol/legacy-socket.md §6.6): a full payload replaces the
 * array; a delta first drops held items at or past `maxAge`, then replaces every held item whose
 * `mills` equals a received one and appends the others, sorted by `mills`. An array the payload
 * leaves out is kept as it is.
 */
export function mergeByMills<T extends Timed>(isDelta: boolean | undefined, held: readonly T[], received: readonly T[] | undefined, now: number, maxAge = LEGACY_MAX_AGE_MS): T[] {
  if (!received) return [...held];
  if (!isDelta) return [...received];
  const cutoff = now - maxAge;
  const kept = held.filter((item) => !(item.mills <= cutoff));
  const knownMills = new Set(kept.map((item) => item.mills));
  const added: T[] = [];
  for (const item of received) {
    if (!knownMills.has(item.mills)) {
      added.push(item);
      continue;
    }
    for (let j = 0; j < kept.length; j++) if (kept[j].mills === item.mills) kept[j] = item;
  }
  return [...kept, ...added].sort(byMills);
}

/**
 * Treatments and food (docs/protocol/legacy-socket.md §6.6): a full payload replaces the array; in a
 * delta an item without `action` is added, `action: 'update'` replaces the held item with its `_id`
 * (without the `action` field), `action: 'remove'` drops it; then sorted by `mills`. An update or
 * removal of an item not held is ignored, as in the reference.
 *
 * Two deliberate differences from the reference client, which only matter when it would have
 * shown a wrong list: an added item whose `_id` is already held replaces it (a writer holds its own
 * document from the acknowledgement before the delta arrives), and updates and removals look at
 * every held item (the reference looked only at as many positions as it held before the delta, so
 * it missed an item added and updated in one delta, and failed after a removal).
 */
export function mergeById<T extends ById>(isDelta: boolean | undefined, held: readonly T[], received: readonly T[] | undefined): T[] {
  if (!received) return [...held];
  if (!isDelta) return [...received];
  const items = [...held];
  for (const incoming of received) {
    const at = items.findIndex((item) => item._id === incoming._id);
    if (!incoming.action) {
      if (at >= 0) items[at] = incoming;
      else items.push(incoming);
    } else if (at >= 0 && incoming.action === 'remove') {
      items.splice(at, 1);
    } else if (at >= 0 && incoming.action === 'update') {
      const { action: _action, ...updated } = incoming;
      items[at] = updated as T;
    }
  }
  return items.sort(byMills);
}

/** The newest reading with its age and the change from the reading before it. */
export interface LastReading {
  sgv: SgvItem;
  ageMs: number;
  /** mg/dl change from the previous reading when it is at most `DELTA_MAX_GAP_MS` older. */
  deltaMgdl?: number;
}

/** A change over a longer gap says little about the trend; the reference's bgnow uses a similar bound. */
export const DELTA_MAX_GAP_MS = 15 * 60_000;

export interface LegacyDataOptions {
  now?: () => number;
  /** Merge device status by `mills` (the reference's `devicestatus.advanced`, on by default) rather than replace it. */
  deviceStatusAdvanced?: boolean;
}

/**
 * The legacy data model: starts from the full `dataUpdate` sent after each `authorize` and merges
 * every delta exactly as Nightscout's browser client does (`lib/client/receiveddata.js`). Each
 * merge produces a new immutable snapshot.
 */
export class LegacyData {
  readonly snapshot = new Signal<LegacySnapshot>(EMPTY_SNAPSHOT);
  private readonly now: () => number;
  private readonly deviceStatusAdvanced: boolean;

  constructor(options: LegacyDataOptions = {}) {
    this.now = options.now ?? Date.now;
    this.deviceStatusAdvanced = options.deviceStatusAdvanced ?? true;
  }

  get current(): LegacySnapshot {
    return this.snapshot.value;
  }

  /** Merges one `dataUpdate` payload. */
  receive(received: DataUpdatePayload): void {
    const held = this.current;
    const now = this.now();
    const delta = received.delta;
    const devicestatus = !received.devicestatus
      ? held.devicestatus
      : this.deviceStatusAdvanced
        ? mergeByMills(delta, held.devicestatus, received.devicestatus, now)
        : received.devicestatus;
    this.snapshot.set({
      sgvs: mergeByMills(delta, held.sgvs, received.sgvs, now),
      mbgs: mergeByMills(delta, held.mbgs, received.mbgs, now),
      treatments: mergeById(delta, held.treatments, received.treatments),
      food: mergeById(delta, held.food, received.food as FoodItem[] | undefined),
      cals: received.cals ?? held.cals,
      devicestatus,
      profiles: received.profiles ?? held.profiles,
      dbstats: received.dbstats?.dataSize ? received.dbstats : held.dbstats,
      status: received.status ?? held.status,
      receivedAt: now,
    });
  }

  /**
   * Adds documents a write stored (from its acknowledgement) as a delta would, so the writer sees
   * them at once; the server's own delta for them later replaces them by `_id`. A document already
   * held (its delta came first) is left as the server sent it.
   */
  addStored(collection: 'treatments' | 'food', docs: readonly LegacyDocument[]): void {
    const held = this.current;
    const heldIds = new Set<string>(held[collection].map((item) => item._id));
    const items = docs.filter((d): d is LegacyDocument & { _id: string } => typeof d._id === 'string' && !heldIds.has(d._id));
    if (items.length === 0) return;
    if (collection === 'food') {
      this.snapshot.set({ ...held, food: mergeById(true, held.food, items) });
      return;
    }
    const treatments = items.map((d) => ({ ...d, mills: Date.parse(String(d.created_at)) || this.now() }) as TreatmentItem);
    this.snapshot.set({ ...held, treatments: mergeById(true, held.treatments, treatments) });
  }

  /** Applies a food write locally: food changes never arrive in deltas (docs/protocol/legacy-socket.md §6.5). */
  changeFood(id: string, change: { set?: LegacyDocument; unset?: readonly string[]; remove?: boolean }): void {
    const held = this.current;
    const food = held.food.flatMap((item) => {
      if (item._id !== id) return [item];
      if (change.remove) return [];
      const next: FoodItem = { ...item, ...change.set, _id: id };
      for (const field of change.unset ?? []) delete next[field];
      return [next];
    });
    this.snapshot.set({ ...held, food });
  }

  /** The newest reading (the reference's `latestSGV`: the last held), or undefined without readings. */
  lastReading(now = this.now()): LastReading | undefined {
    const { sgvs } = this.current;
    const sgv = sgvs[sgvs.length - 1];
    if (!sgv) return undefined;
    const previous = sgvs[sgvs.length - 2];
    const deltaMgdl = previous && sgv.mills - previous.mills <= DELTA_MAX_GAP_MS ? sgv.mgdl - previous.mgdl : undefined;
    return { sgv, ageMs: now - sgv.mills, deltaMgdl };
  }
}
