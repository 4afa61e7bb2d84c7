import { ObjectId } from 'mongodb';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import type { StoredDocument } from '../../storage/stored-document';
import { CAPS, DataWindow } from './data-window';

const NOW = Date.parse('2024-05-01T12:00:00.000Z');
const sgv = (minutesAgo: number, value: number): StoredDocument => ({ _id: new ObjectId(), type: 'sgv', sgv: value, date: NOW - minutesAgo * 60_000 });
const treatment = (minutesAgo: number, fields: Record<string, unknown> = {}): StoredDocument => ({
  _id: new ObjectId(),
  eventType: 'Note',
  created_at: new Date(NOW - minutesAgo * 60_000).toISOString(),
  ...fields,
});

describe('DataWindow', () => {
  let window: DataWindow;
  beforeEach(() => {
    window = new DataWindow({ units: 'mg/dl' }, () => NOW);
    window.load({ entries: [sgv(10, 100), sgv(5, 140), sgv(0, 160)], treatments: [], devicestatus: [], food: [] });
  });

  it('draws a treatment without glucose at the average of the readings around it', () => {
    window.apply(new DocumentsChangedEvent('treatments', 'create', [treatment(7), treatment(5), treatment(30), treatment(-5)], 'socket'));
    expect(window.treatmentItems().map((t) => t.mgdl)).toEqual([100, 120, 140, 160]);
  });

  it('draws a treatment with glucose at its own value, capped, in the units it was entered in', () => {
    window.apply(
      new DocumentsChangedEvent('treatments', 'create', [treatment(3, { glucose: 500 }), treatment(2, { glucose: 30, units: 'mmol' })], 'socket'),
    );
    const [mgdl, mmol] = window.treatmentItems();
    expect(mgdl.mgdl).toBe(396);
    expect(mmol.mmol).toBe(22);
  });

  it('sees readings added after load when placing treatments', () => {
    window.apply(new DocumentsChangedEvent('entries', 'create', [sgv(2, 200)], 'api-v1'));
    window.apply(new DocumentsChangedEvent('treatments', 'create', [treatment(1)], 'socket'));
    expect(window.treatmentItems()[0].mgdl).toBe(180);
  });

  it('hides the device of readings behind OBSCURE_DEVICE_PROVENANCE', () => {
    const obscured = new DataWindow({ units: 'mg/dl', obscureDevice: 'a CGM' }, () => NOW);
    obscured.load({ entries: [{ ...sgv(1, 120), device: 'xDrip-DexcomG6 SN 123' }], treatments: [], devicestatus: [], food: [] });
    expect(obscured.sgvs()[0].device).toBe('a CGM');
  });

  it('collects one delta per burst and never an empty one', () => {
    window.apply(new DocumentsChangedEvent('entries', 'create', [sgv(1, 150)], 'api-v1'));
    window.apply(new DocumentsChangedEvent('entries', 'create', [sgv(0.5, 151)], 'api-v1'));
    expect(window.takeDelta()).toMatchObject({ delta: true, lastUpdated: NOW, sgvs: [{ mgdl: 150 }, { mgdl: 151 }] });
    expect(window.takeDelta()).toBeUndefined();
  });

  it('signals a removed treatment with its _id, mills and action remove', () => {
    const t = treatment(4);
    window.apply(new DocumentsChangedEvent('treatments', 'create', [t], 'socket'));
    window.takeDelta();
    window.apply(new DocumentsChangedEvent('treatments', 'delete', [t], 'socket', true));
    expect(window.takeDelta()?.treatments).toEqual([{ _id: t._id.toString(), mills: NOW - 4 * 60_000, action: 'remove' }]);
  });

  it('keeps at most its caps of device status, by count and by bytes, the newest first', () => {
    const status = (minutesAgo: number, padding = 0): StoredDocument => ({
      _id: new ObjectId(),
      device: 'phone',
      created_at: new Date(NOW - minutesAgo * 60_000).toISOString(),
      ...(padding ? { note: 'x'.repeat(padding) } : {}),
    });
    const many = Array.from({ length: CAPS.devicestatus.count + 100 }, (_, i) => status(i / 10));
    window.apply(new DocumentsChangedEvent('devicestatus', 'create', many, 'api-v1'));
    const held = window.deviceStatus();
    expect(held).toHaveLength(CAPS.devicestatus.count);
    expect(held.at(-1)!.mills).toBe(NOW);
    // 3,000 uploads of 40 KB (the measurement) on a fresh window.
    window.load({ entries: [], treatments: [], devicestatus: [], food: [] });
    const big = Array.from({ length: 3000 }, (_, i) => status(i / 5, 40_000));
    window.apply(new DocumentsChangedEvent('devicestatus', 'create', big, 'api-v1'));
    expect(window.deviceStatus().at(-1)!.mills).toBe(NOW);
    const bytes = window.deviceStatus().reduce((sum, item) => sum + JSON.stringify(item).length, 0);
    expect(bytes).toBeLessThanOrEqual(CAPS.devicestatus.bytes);
    expect(bytes).toBeGreaterThan(CAPS.devicestatus.bytes - 50_000);
  });

  it('serves the same snapshot until something changes or an item leaves the window', () => {
    let now = NOW;
    const timed = new DataWindow({ units: 'mg/dl' }, () => now);
    timed.load({ entries: [sgv(48 * 60 - 1, 100), sgv(5, 140)], treatments: [], devicestatus: [], food: [] });
    const first = timed.snapshot(undefined);
    expect(timed.snapshot(undefined).sgvs).toBe(first.sgvs);
    now += 2 * 60_000;
    expect(timed.snapshot(undefined).sgvs!.map((s) => s.mgdl)).toEqual([140]);
    const before = timed.snapshot(undefined).sgvs;
    timed.apply(new DocumentsChangedEvent('entries', 'create', [sgv(0, 150)], 'api-v1'));
    expect(timed.snapshot(undefined).sgvs).not.toBe(before);
    expect(timed.snapshot(undefined).sgvs!.map((s) => s.mgdl)).toEqual([140, 150]);
  });
});
