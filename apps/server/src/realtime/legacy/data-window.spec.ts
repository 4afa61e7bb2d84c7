import { ObjectId } from 'mongodb';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import type { StoredDocument } from '../../storage/stored-document';
import { DataWindow } from './data-window';

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
});
