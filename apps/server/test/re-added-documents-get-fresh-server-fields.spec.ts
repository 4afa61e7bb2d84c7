import type { LegacyChannel, NightscoutClient } from '@nightscout/client';
import type { TreatmentItem } from '@nightscout/protocol';
import { StoreRegistry } from '../src/storage/store-registry';
import { clientOf, closeLibraryClients, legacyReceiver } from './support/library-clients';
import { sleep } from './support/sockets';
import { serverPerSuite } from './support/v1-helpers';

type Doc = Record<string, unknown>;

/**
 * Clients send back documents they received, server fields included: the legacy web UI's "move
 * carbs" copies a treatment from `dataUpdate` and `dbAdd`s the copy; uploaders re-post what they
 * downloaded. Such a write is stored as the reference stores it, with fresh server fields.
 */
describe('documents re-added with the server fields they were received with', () => {
  const server = serverPerSuite();
  afterEach(closeLibraryClients);
  const store = (collection: 'treatments' | 'devicestatus' | 'profile' | 'food') => server.app.get(StoreRegistry).get(collection);

  async function authorized(): Promise<LegacyChannel> {
    const legacy = await legacyReceiver(server, undefined, { client: 'web' });
    expect(legacy.flags.value).toEqual({ read: true, write: true, write_treatment: true });
    return legacy;
  }

  describe('over the legacy socket', () => {
    it('"move carbs": the copy of a treatment from dataUpdate is stored as a new treatment with its own identifier', async () => {
      const ui = await authorized();
      const writer = await authorized();
      const delta = ui.next('dataUpdate', (d) => (d.treatments ?? []).some((t) => t.notes === 'lunch'));
      const before = Date.now();
      const [original] = await writer.dbAdd('treatments', { eventType: 'Meal Bolus', carbs: 30, insulin: 3, notes: 'lunch', created_at: new Date(before - 3600_000).toISOString() });
      const received = (await delta).treatments!.find((t) => t.notes === 'lunch')!;
      expect(received).toMatchObject({ identifier: original._id, srvCreated: expect.any(Number), srvModified: expect.any(Number) });
      await sleep(5);

      // What the web UI sends: dbUpdateUnset without a callback (a raw emit), then dbAdd of a deep copy.
      ui.socket.emit('dbUpdateUnset', { collection: 'treatments', _id: received._id, data: { carbs: 1 } });
      const copy: Partial<TreatmentItem> = structuredClone(received);
      delete copy._id;
      delete copy.NSCLIENT_ID;
      delete copy.insulin;
      copy.created_at = new Date(before - 1800_000).toISOString();
      const ack = await ui.dbAdd('treatments', copy as Doc);

      expect(ack).toEqual([expect.objectContaining({ carbs: 30, notes: 'lunch', created_at: copy.created_at })]);
      const [moved] = ack;
      expect(moved._id).not.toBe(original._id);
      expect(moved).not.toHaveProperty('insulin');
      expect(moved.identifier).toBe(moved._id);
      expect(moved.srvCreated).toBeGreaterThan(received.srvCreated as number);
      expect(moved.srvModified).toBe(moved.srvCreated);
      const kept = await store('treatments').findOne({ identifier: original._id });
      expect(kept).toMatchObject({ insulin: 3, notes: 'lunch' });
      expect(await store('treatments').count({ notes: 'lunch' })).toBe(2);
    });

    it('a client identifier no other document holds is kept; client srvCreated and srvModified never are', async () => {
      const socket = await authorized();
      const [stored] = await socket.dbAdd('treatments', { eventType: 'Note', notes: 'own identifier', identifier: 'client-chosen-1', srvCreated: 1, srvModified: 2, created_at: new Date().toISOString() });
      expect(stored).toMatchObject({ identifier: 'client-chosen-1', srvCreated: expect.any(Number) });
      expect(stored.srvCreated).toBeGreaterThan(1_600_000_000_000);
      expect(stored.srvModified).toBe(stored.srvCreated);
    });

    it('a device status copy (identifier of the original, no _id) is stored next to the original', async () => {
      const socket = await authorized();
      const [original] = await socket.dbAdd('devicestatus', { device: 'openaps://phone', created_at: new Date(Date.now() - 60_000).toISOString() });
      const { _id: _dropped, ...copy } = original;
      const ack = await socket.dbAdd('devicestatus', { ...copy, created_at: new Date().toISOString() });
      expect(ack).toEqual([expect.objectContaining({ device: 'openaps://phone' })]);
      expect(ack[0]._id).not.toBe(original._id);
      expect(ack[0].identifier).toBe(ack[0]._id);
    });

    it('a document whose _id another document holds answers with the stored document, not a database error', async () => {
      const socket = await authorized();
      const [first] = await socket.dbAdd('food', { _id: 'food-apple', name: 'apple', carbs: 12 });
      expect(first).toMatchObject({ _id: 'food-apple', name: 'apple' });
      expect(await socket.dbAdd('food', { _id: 'food-apple', name: 'pear', carbs: 15 })).toEqual([expect.objectContaining({ _id: 'food-apple', name: 'apple' })]);
      await socket.dbAdd('treatments', { _id: 'treatment-x', eventType: 'Site Change', notes: 'first', created_at: '2024-06-01T10:00:00.000Z' });
      expect(await socket.dbAdd('treatments', { _id: 'treatment-x', eventType: 'Site Change', notes: 'second', created_at: '2024-06-01T11:00:00.000Z' })).toEqual([
        expect.objectContaining({ _id: 'treatment-x', notes: 'first' }),
      ]);
      expect(await store('food').count({ name: 'pear' })).toBe(0);
    });

    it('dbUpdate with another document’s identifier updates the rest and keeps the document’s own identifier', async () => {
      const socket = await authorized();
      const [a] = await socket.dbAdd('treatments', { eventType: 'Note', notes: 'a', created_at: new Date(Date.now() - 5000).toISOString() });
      const [b] = await socket.dbAdd('treatments', { eventType: 'Note', notes: 'b', created_at: new Date(Date.now() - 9000).toISOString() });
      await socket.dbUpdate('treatments', b._id, { notes: 'b changed', identifier: a.identifier, srvCreated: 1 });
      const stored = await store('treatments').findOne({ notes: 'b changed' });
      expect(stored).toMatchObject({ identifier: b.identifier, srvCreated: b.srvCreated });
    });

    it('a profile replacing its duplicate keeps that profile’s identifier when the client sends another’s', async () => {
      const socket = await authorized();
      const [a] = await socket.dbAdd('profile', { defaultProfile: 'A', startDate: '2024-01-01T00:00:00.000Z', store: { A: {} } });
      const [b] = await socket.dbAdd('profile', { defaultProfile: 'B', startDate: '2024-02-01T00:00:00.000Z', store: { B: {} } });
      const [replaced] = await socket.dbAdd('profile', { defaultProfile: 'B2', startDate: '2024-02-01T00:00:00.000Z', store: { B2: {} }, identifier: a.identifier });
      expect(replaced).toMatchObject({ _id: b._id, defaultProfile: 'B2', identifier: b.identifier });
    });
  });

  describe('over API v1', () => {
    let uploader: NightscoutClient;
    beforeEach(() => {
      uploader = clientOf(server);
    });
    const post = (collection: 'devicestatus' | 'entries' | 'treatments' | 'profile', body: Doc | Doc[]) => uploader.rest.v1.create(collection, body);
    // The stored documents' server fields, as numbers.
    type Stored = Doc & { _id: string; identifier: string; srvCreated: number; srvModified: number };
    const posted = async (collection: Parameters<typeof post>[0], body: Doc | Doc[]) => (await post(collection, body)) as Stored[];

    it('a device status re-posted as downloaded, without _id, is stored as a second one with fresh server fields', async () => {
      const [original] = await posted('devicestatus', { device: 'xdrip', created_at: new Date(Date.now() - 60_000).toISOString() });
      await sleep(5);
      const { _id: _dropped, ...copy } = original;
      const [stored] = await posted('devicestatus', { ...copy, created_at: new Date().toISOString() });
      expect(stored._id).not.toBe(original._id);
      expect(stored.identifier).toBe(stored._id);
      expect(stored.srvCreated).toBeGreaterThan(original.srvCreated);
    });

    it('an entry with another entry’s identifier is stored with its own', async () => {
      const date = Date.now() - 600_000;
      const [original] = await posted('entries', [{ type: 'sgv', sgv: 120, date }]);
      const [stored] = await posted('entries', [{ type: 'sgv', sgv: 125, date: date + 300_000, identifier: original.identifier, srvCreated: 1 }]);
      expect(stored).toMatchObject({ sgv: 125, identifier: stored._id });
      expect(stored.srvCreated).toBeGreaterThan(1);
    });

    it('a treatment re-posted with its identifier replaces the document of that identifier, as the reference upserts by identifier', async () => {
      const [original] = await posted('treatments', { eventType: 'Meal Bolus', carbs: 20, created_at: new Date(Date.now() - 7200_000).toISOString() });
      const moved = new Date(Date.now() - 3600_000).toISOString();
      await post('treatments', { ...original, _id: undefined, created_at: moved, srvCreated: 1, srvModified: 1 });
      const found = await uploader.rest.v1.list('treatments', { 'find[identifier]': original.identifier });
      expect(found).toEqual([expect.objectContaining({ _id: original._id, created_at: moved, srvCreated: original.srvCreated })]);
      expect(found[0].srvModified).toBeGreaterThan(original.srvModified);
    });

    it('a treatment with a new identifier and another treatment’s _id is stored as a new treatment (the reference drops the _id)', async () => {
      const [original] = await posted('treatments', { eventType: 'Note', notes: 'has the _id', created_at: new Date(Date.now() - 5000).toISOString() });
      const [stored] = await posted('treatments', { _id: original._id, identifier: 'loop-sync-1', eventType: 'Note', notes: 'new', created_at: new Date().toISOString() });
      expect(stored).toMatchObject({ identifier: 'loop-sync-1', notes: 'new' });
      expect(stored._id).not.toBe(original._id);
      expect(await uploader.rest.v1.list('treatments', { 'find[_id]': original._id })).toEqual([expect.objectContaining({ notes: 'has the _id' })]);
    });

    it('PUT of a profile with another profile’s identifier replaces it and keeps its own identifier', async () => {
      const [a] = await posted('profile', { defaultProfile: 'A', startDate: '2024-03-01T00:00:00.000Z', store: { A: {} } });
      const [b] = await posted('profile', { defaultProfile: 'B', startDate: '2024-04-01T00:00:00.000Z', store: { B: {} } });
      expect(await uploader.rest.v1.update('profile', { ...b, defaultProfile: 'B2', identifier: a.identifier })).toMatchObject({ _id: b._id, defaultProfile: 'B2', identifier: b.identifier });
    });
  });
});
