import type { DeviceStatusItem, SgvItem, TreatmentItem } from '@nightscout/protocol';
import { LEGACY_MAX_AGE_MS, LegacyData, mergeById, mergeByMills } from './legacy-data';

const NOW = Date.UTC(2026, 10, 20, 12, 0, 0);
const MIN = 60_000;
const sgv = (minutesAgo: number, mgdl: number, id = `s${minutesAgo}-${mgdl}`): SgvItem => ({ _id: id, mills: NOW - minutesAgo * MIN, mgdl, type: 'sgv' });
const treatment = (id: string, minutesAgo: number, fields: Record<string, unknown> = {}): TreatmentItem => ({ _id: id, mills: NOW - minutesAgo * MIN, eventType: 'Note', ...fields });
const values = (items: readonly { mgdl: number }[]) => items.map((i) => i.mgdl);
const ids = (items: readonly { _id: string }[]) => items.map((i) => i._id);

describe('mergeByMills (readings and device status)', () => {
  const held = [sgv(10, 100), sgv(5, 105)];

  it('keeps the held array when the payload leaves it out', () => {
    expect(mergeByMills(true, held, undefined, NOW)).toEqual(held);
    expect(mergeByMills(undefined, held, undefined, NOW)).toEqual(held);
  });

  it('replaces the whole array with a full payload, even with an empty one', () => {
    expect(values(mergeByMills(undefined, held, [sgv(1, 120)], NOW))).toEqual([120]);
    expect(mergeByMills(undefined, held, [], NOW)).toEqual([]);
  });

  it('appends readings with new mills and sorts by mills', () => {
    const merged = mergeByMills(true, held, [sgv(0, 110), sgv(7, 103)], NOW);
    expect(values(merged)).toEqual([100, 103, 105, 110]);
  });

  it('replaces a held reading with the same mills in place (a corrected value)', () => {
    const merged = mergeByMills(true, held, [sgv(5, 99, 'other-id')], NOW);
    expect(values(merged)).toEqual([100, 99]);
    expect(merged[1]._id).toBe('other-id');
  });

  it('replaces every held item with that mills when several share it', () => {
    const twins = [sgv(5, 105, 'a'), sgv(5, 106, 'b')];
    expect(ids(mergeByMills(true, twins, [sgv(5, 90, 'c')], NOW))).toEqual(['c', 'c']);
  });

  it('drops held items at or beyond two days before merging a delta', () => {
    const old = [sgv(LEGACY_MAX_AGE_MS / MIN, 50, 'at-cutoff'), sgv(LEGACY_MAX_AGE_MS / MIN - 1, 60, 'inside'), ...held];
    expect(ids(mergeByMills(true, old, [], NOW))).toEqual(['inside', held[0]._id, held[1]._id]);
  });

  it('does not age out held items on a full payload or when the array is absent', () => {
    const old = [sgv(3 * 24 * 60, 50)];
    expect(mergeByMills(true, old, undefined, NOW)).toEqual(old);
  });

  it('adds received items whatever their age, and two new items with the same mills both', () => {
    const merged = mergeByMills(true, [], [sgv(4000, 40, 'old'), sgv(1, 1, 'x'), sgv(1, 2, 'y')], NOW);
    expect(ids(merged)).toEqual(['old', 'x', 'y']);
  });

  it('honours a custom maximum age', () => {
    expect(ids(mergeByMills(true, held, [], NOW, 6 * MIN))).toEqual([held[1]._id]);
  });

  it('never mutates the held array', () => {
    const before = [...held];
    mergeByMills(true, held, [sgv(5, 1), sgv(0, 2)], NOW);
    expect(held).toEqual(before);
  });
});

describe('mergeById (treatments and food)', () => {
  const held = [treatment('a', 30), treatment('b', 20)];

  it('keeps the held array when absent and replaces it with a full payload', () => {
    expect(mergeById(true, held, undefined)).toEqual(held);
    expect(ids(mergeById(undefined, held, [treatment('c', 1)]))).toEqual(['c']);
  });

  it('adds an item without action and sorts by mills', () => {
    expect(ids(mergeById(true, held, [treatment('c', 25)]))).toEqual(['a', 'c', 'b']);
  });

  it('replaces the held item on action update, without the action field', () => {
    const merged = mergeById(true, held, [{ ...treatment('a', 30, { insulin: 2 }), action: 'update' }]);
    expect(merged[0]).toEqual(treatment('a', 30, { insulin: 2 }));
    expect('action' in merged[0]).toBe(false);
  });

  it('moves an updated item to its new place when its time changed', () => {
    expect(ids(mergeById(true, held, [{ ...treatment('a', 5), action: 'update' }]))).toEqual(['b', 'a']);
  });

  it('removes the held item on action remove', () => {
    expect(ids(mergeById(true, held, [{ _id: 'a', mills: held[0].mills, action: 'remove' }]))).toEqual(['b']);
  });

  it('ignores an update or removal of an item it does not hold', () => {
    expect(mergeById(true, held, [{ ...treatment('z', 1), action: 'update' }, { _id: 'y', mills: 0, action: 'remove' }])).toEqual(held);
  });

  it('applies an update to an item added earlier in the same delta (the reference missed it)', () => {
    const merged = mergeById(true, held, [treatment('c', 1), { ...treatment('c', 1, { carbs: 10 }), action: 'update' }]);
    expect(merged.find((t) => t._id === 'c')).toEqual(treatment('c', 1, { carbs: 10 }));
  });

  it('finds items after a removal in the same delta (the reference failed there)', () => {
    const merged = mergeById(true, held, [{ _id: 'a', mills: 0, action: 'remove' }, { ...treatment('b', 20, { notes: 'x' }), action: 'update' }]);
    expect(merged).toEqual([treatment('b', 20, { notes: 'x' })]);
  });

  it('replaces a held item when an added item has its _id instead of holding it twice', () => {
    expect(mergeById(true, held, [treatment('b', 20, { notes: 'server copy' })])).toEqual([held[0], treatment('b', 20, { notes: 'server copy' })]);
  });

  it('keeps the order of items without mills (food)', () => {
    const food = [{ _id: 'f2', name: 'apple' }, { _id: 'f1', name: 'bread' }];
    expect(ids(mergeById(true, food, [{ _id: 'f3', name: 'rice' }]))).toEqual(['f2', 'f1', 'f3']);
  });
});

describe('LegacyData', () => {
  const status = (mills: number, extra: Record<string, unknown> = {}): DeviceStatusItem => ({ _id: `d${mills}`, mills, ...extra });
  const snapshot = {
    sgvs: [sgv(10, 100), sgv(5, 105)],
    mbgs: [{ _id: 'm1', mills: NOW - 60 * MIN, mgdl: 98, type: 'mbg' as const }],
    cals: [{ _id: 'c1', mills: NOW - 120 * MIN, slope: 1, type: 'cal' as const }],
    treatments: [treatment('t1', 50)],
    devicestatus: [status(NOW - 5 * MIN)],
    profiles: [{ _id: 'p1', defaultProfile: 'Default' }],
    food: [{ _id: 'f1', name: 'apple', carbs: 12 }],
    dbstats: { dataSize: 1000, indexSize: 10 },
  };
  let clock = NOW;
  const data = () => {
    const model = new LegacyData({ now: () => clock });
    model.receive(snapshot);
    return model;
  };
  beforeEach(() => (clock = NOW));

  it('holds the full snapshot and when it arrived', () => {
    const model = data();
    expect(model.current).toMatchObject(snapshot);
    expect(model.current.receivedAt).toBe(NOW);
  });

  it('merges a delta into every array it carries and keeps the others', () => {
    const model = data();
    clock = NOW + MIN;
    model.receive({ delta: true, lastUpdated: clock, sgvs: [sgv(0, 110)], treatments: [{ ...treatment('t1', 50, { carbs: 20 }), action: 'update' }] });
    const s = model.current;
    expect(values(s.sgvs)).toEqual([100, 105, 110]);
    expect(s.treatments).toEqual([treatment('t1', 50, { carbs: 20 })]);
    expect(s.mbgs).toEqual(snapshot.mbgs);
    expect(s.cals).toEqual(snapshot.cals);
    expect(s.devicestatus).toEqual(snapshot.devicestatus);
    expect(s.profiles).toEqual(snapshot.profiles);
    expect(s.food).toEqual(snapshot.food);
    expect(s.receivedAt).toBe(NOW + MIN);
  });

  it('merges meter readings by mills like glucose readings', () => {
    const model = data();
    model.receive({ delta: true, mbgs: [{ _id: 'm2', mills: NOW, mgdl: 120, type: 'mbg' }] });
    expect(model.current.mbgs.map((m) => m._id)).toEqual(['m1', 'm2']);
  });

  it('replaces calibrations whenever a payload carries them, delta or not', () => {
    const model = data();
    model.receive({ delta: true, cals: [{ _id: 'c2', mills: NOW, slope: 2, type: 'cal' }] });
    expect(model.current.cals.map((c) => c._id)).toEqual(['c2']);
  });

  it('merges device status by mills, or replaces it when not in advanced mode', () => {
    const model = data();
    model.receive({ delta: true, devicestatus: [status(NOW), status(NOW - 5 * MIN, { pump: { battery: 1 } })] });
    expect(model.current.devicestatus).toEqual([status(NOW - 5 * MIN, { pump: { battery: 1 } }), status(NOW)]);

    const simple = new LegacyData({ now: () => NOW, deviceStatusAdvanced: false });
    simple.receive(snapshot);
    simple.receive({ delta: true, devicestatus: [status(NOW)] });
    expect(simple.current.devicestatus).toEqual([status(NOW)]);
  });

  it('replaces profiles whenever a payload carries them, even an empty list', () => {
    const model = data();
    model.receive({ delta: true, profiles: [{ _id: 'p2', defaultProfile: 'Night' }] });
    expect(model.current.profiles).toEqual([{ _id: 'p2', defaultProfile: 'Night' }]);
    model.receive({ delta: true, profiles: [] });
    expect(model.current.profiles).toEqual([]);
  });

  it('keeps database statistics unless new ones have a data size', () => {
    const model = data();
    model.receive({ delta: true, dbstats: { dataSize: 0 } });
    expect(model.current.dbstats).toEqual(snapshot.dbstats);
    model.receive({ delta: true, dbstats: { dataSize: 5 } });
    expect(model.current.dbstats).toEqual({ dataSize: 5 });
  });

  it('ages out readings older than two days on the next delta that carries readings', () => {
    const model = data();
    clock = NOW + LEGACY_MAX_AGE_MS - 7 * MIN;
    model.receive({ delta: true, treatments: [] });
    expect(values(model.current.sgvs)).toEqual([100, 105]);
    model.receive({ delta: true, sgvs: [sgv(-LEGACY_MAX_AGE_MS / MIN + 8, 130)] });
    expect(values(model.current.sgvs)).toEqual([105, 130]);
  });

  it('is resynchronised by the next full snapshot (after a reconnection)', () => {
    const model = data();
    model.receive({ delta: true, sgvs: [sgv(0, 110)], treatments: [treatment('t2', 1)] });
    model.receive({ sgvs: [sgv(0, 111)], treatments: [], food: [] });
    expect(values(model.current.sgvs)).toEqual([111]);
    expect(model.current.treatments).toEqual([]);
    expect(model.current.food).toEqual([]);
    expect(model.current.mbgs).toEqual(snapshot.mbgs);
  });

  it('tells subscribers about each merge with a new snapshot object', () => {
    const model = data();
    const seen: unknown[] = [];
    const stop = model.snapshot.subscribe((s) => seen.push(s));
    const before = model.current;
    model.receive({ delta: true, sgvs: [sgv(0, 110)] });
    stop();
    model.receive({ delta: true, sgvs: [sgv(-1, 111)] });
    expect(seen).toHaveLength(1);
    expect(seen[0]).not.toBe(before);
    expect(before.sgvs).toHaveLength(2);
  });

  describe('last reading', () => {
    it('is the last held reading with its age and the change from the one before', () => {
      const model = data();
      expect(model.lastReading(NOW + 2 * MIN)).toEqual({ sgv: snapshot.sgvs[1], ageMs: 7 * MIN, deltaMgdl: 5 });
    });

    it('has no change when the reading before is more than 15 minutes older, and is undefined without readings', () => {
      const model = new LegacyData({ now: () => NOW });
      expect(model.lastReading()).toBeUndefined();
      model.receive({ sgvs: [sgv(40, 100), sgv(20, 120)] });
      expect(model.lastReading()).toEqual({ sgv: sgv(20, 120), ageMs: 20 * MIN, deltaMgdl: undefined });
    });
  });

  describe('documents from write acknowledgements', () => {
    const stored = { _id: 'new1', eventType: 'Meal Bolus', carbs: 30, insulin: 3, created_at: new Date(NOW - MIN).toISOString() };

    it('adds a stored treatment at its created_at, then the server delta replaces it instead of doubling it', () => {
      const model = data();
      model.addStored('treatments', [stored]);
      expect(model.current.treatments.map((t) => [t._id, t.mills])).toEqual([['t1', NOW - 50 * MIN], ['new1', NOW - MIN]]);
      model.receive({ delta: true, treatments: [{ ...stored, mills: NOW - MIN, mgdl: 120 }] });
      expect(model.current.treatments).toHaveLength(2);
      expect(model.current.treatments[1].mgdl).toBe(120);
    });

    it('leaves a treatment whose delta arrived first as the server sent it', () => {
      const model = data();
      model.receive({ delta: true, treatments: [{ ...stored, mills: NOW - MIN, mgdl: 120 }] });
      model.addStored('treatments', [stored]);
      expect(model.current.treatments[1].mgdl).toBe(120);
    });

    it('changes food locally, as food never arrives in deltas', () => {
      const model = data();
      model.addStored('food', [{ _id: 'f2', name: 'rice', carbs: 40 }]);
      model.changeFood('f1', { set: { carbs: 15 }, unset: ['name'] });
      expect(model.current.food).toEqual([{ _id: 'f1', carbs: 15 }, { _id: 'f2', name: 'rice', carbs: 40 }]);
      model.changeFood('f2', { remove: true });
      expect(model.current.food.map((f) => f._id)).toEqual(['f1']);
    });
  });
});
