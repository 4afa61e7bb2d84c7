import type { AuthorizeAck, DataUpdatePayload, TreatmentItem } from '@nightscout/protocol';
import { StoreRegistry } from '../src/storage/store-registry';
import { closeClients, legacyClient, next, request, sleep, type LegacyClient } from './support/sockets';
import { ADMIN_HEADERS } from './support/subjects';
import { TEST_SECRET_SHA1 } from './support/test-server';
import { getJson, serverPerSuite } from './support/v1-helpers';

type Doc = Record<string, unknown>;

/**
 * Clients send back documents they received, server fields included: the legacy web UI's "move
 * carbs" copies a treatment from `dataUpdate` and `dbAdd`s the copy; uploaders re-post what they
 * downloaded. Such a write is stored as the reference stores it, with fresh server fields.
 */
describe('documents re-added with the server fields they were received with', () => {
  const server = serverPerSuite();
  afterEach(closeClients);
  const store = (collection: 'treatments' | 'devicestatus' | 'profile' | 'food') => server.app.get(StoreRegistry).get(collection);

  async function authorized(): Promise<LegacyClient> {
    const socket = await legacyClient(server);
    expect(await request<AuthorizeAck>(socket, 'authorize', { client: 'web', secret: TEST_SECRET_SHA1 })).toEqual({ read: true, write: true, write_treatment: true });
    return socket;
  }

  describe('over the legacy socket', () => {
    it('"move carbs": the copy of a treatment from dataUpdate is stored as a new treatment with its own identifier', async () => {
      const ui = await authorized();
      const writer = await authorized();
      const delta = next<DataUpdatePayload>(ui, 'dataUpdate', (d) => (d.treatments ?? []).some((t) => t.notes === 'lunch'));
      const before = Date.now();
      const [original] = await request<Doc[]>(writer, 'dbAdd', {
        collection: 'treatments',
        data: { eventType: 'Meal Bolus', carbs: 30, insulin: 3, notes: 'lunch', created_at: new Date(before - 3600_000).toISOString() },
      });
      const received = (await delta).treatments!.find((t) => t.notes === 'lunch')!;
      expect(received).toMatchObject({ identifier: original._id, srvCreated: expect.any(Number), srvModified: expect.any(Number) });
      await sleep(5);

      // What the web UI sends: dbUpdateUnset without a callback, then dbAdd of a deep copy.
      ui.emit('dbUpdateUnset', { collection: 'treatments', _id: received._id, data: { carbs: 1 } });
      const copy: Partial<TreatmentItem> = structuredClone(received);
      delete copy._id;
      delete copy.NSCLIENT_ID;
      delete copy.insulin;
      copy.created_at = new Date(before - 1800_000).toISOString();
      const ack = await request<Doc[] | Doc>(ui, 'dbAdd', { collection: 'treatments', data: copy });

      expect(ack).toEqual([expect.objectContaining({ carbs: 30, notes: 'lunch', created_at: copy.created_at })]);
      const [moved] = ack as Doc[];
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
      const [stored] = await request<Doc[]>(socket, 'dbAdd', {
        collection: 'treatments',
        data: { eventType: 'Note', notes: 'own identifier', identifier: 'client-chosen-1', srvCreated: 1, srvModified: 2, created_at: new Date().toISOString() },
      });
      expect(stored).toMatchObject({ identifier: 'client-chosen-1', srvCreated: expect.any(Number) });
      expect(stored.srvCreated).toBeGreaterThan(1_600_000_000_000);
      expect(stored.srvModified).toBe(stored.srvCreated);
    });

    it('a device status copy (identifier of the original, no _id) is stored next to the original', async () => {
      const socket = await authorized();
      const [original] = await request<Doc[]>(socket, 'dbAdd', { collection: 'devicestatus', data: { device: 'openaps://phone', created_at: new Date(Date.now() - 60_000).toISOString() } });
      const { _id: _dropped, ...copy } = original;
      const ack = await request<Doc[]>(socket, 'dbAdd', { collection: 'devicestatus', data: { ...copy, created_at: new Date().toISOString() } });
      expect(ack).toEqual([expect.objectContaining({ device: 'openaps://phone' })]);
      expect(ack[0]._id).not.toBe(original._id);
      expect(ack[0].identifier).toBe(ack[0]._id);
    });

    it('a document whose _id another document holds answers with the stored document, not a database error', async () => {
      const socket = await authorized();
      const [first] = await request<Doc[]>(socket, 'dbAdd', { collection: 'food', data: { _id: 'food-apple', name: 'apple', carbs: 12 } });
      expect(first).toMatchObject({ _id: 'food-apple', name: 'apple' });
      expect(await request(socket, 'dbAdd', { collection: 'food', data: { _id: 'food-apple', name: 'pear', carbs: 15 } })).toEqual([expect.objectContaining({ _id: 'food-apple', name: 'apple' })]);
      await request(socket, 'dbAdd', { collection: 'treatments', data: { _id: 'treatment-x', eventType: 'Site Change', notes: 'first', created_at: '2024-06-01T10:00:00.000Z' } });
      expect(await request(socket, 'dbAdd', { collection: 'treatments', data: { _id: 'treatment-x', eventType: 'Site Change', notes: 'second', created_at: '2024-06-01T11:00:00.000Z' } })).toEqual([
        expect.objectContaining({ _id: 'treatment-x', notes: 'first' }),
      ]);
      expect(await store('food').count({ name: 'pear' })).toBe(0);
    });

    it('dbUpdate with another document’s identifier updates the rest and keeps the document’s own identifier', async () => {
      const socket = await authorized();
      const [a] = await request<Doc[]>(socket, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes: 'a', created_at: new Date(Date.now() - 5000).toISOString() } });
      const [b] = await request<Doc[]>(socket, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes: 'b', created_at: new Date(Date.now() - 9000).toISOString() } });
      expect(await request(socket, 'dbUpdate', { collection: 'treatments', _id: b._id, data: { notes: 'b changed', identifier: a.identifier, srvCreated: 1 } })).toEqual({ result: 'success' });
      const stored = await store('treatments').findOne({ notes: 'b changed' });
      expect(stored).toMatchObject({ identifier: b.identifier, srvCreated: b.srvCreated });
    });

    it('a profile replacing its duplicate keeps that profile’s identifier when the client sends another’s', async () => {
      const socket = await authorized();
      const [a] = await request<Doc[]>(socket, 'dbAdd', { collection: 'profile', data: { defaultProfile: 'A', startDate: '2024-01-01T00:00:00.000Z', store: { A: {} } } });
      const [b] = await request<Doc[]>(socket, 'dbAdd', { collection: 'profile', data: { defaultProfile: 'B', startDate: '2024-02-01T00:00:00.000Z', store: { B: {} } } });
      const [replaced] = await request<Doc[]>(socket, 'dbAdd', {
        collection: 'profile',
        data: { defaultProfile: 'B2', startDate: '2024-02-01T00:00:00.000Z', store: { B2: {} }, identifier: a.identifier },
      });
      expect(replaced).toMatchObject({ _id: b._id, defaultProfile: 'B2', identifier: b.identifier });
    });
  });

  describe('over API v1', () => {
    const post = (collection: string, body: unknown) => server.fetch(`/api/v1/${collection}`, { method: 'POST', headers: ADMIN_HEADERS, json: body });

    it('a device status re-posted as downloaded, without _id, is stored as a second one with fresh server fields', async () => {
      const [original] = await (await post('devicestatus', { device: 'xdrip', created_at: new Date(Date.now() - 60_000).toISOString() })).json();
      await sleep(5);
      const { _id: _dropped, ...copy } = original;
      const res = await post('devicestatus', { ...copy, created_at: new Date().toISOString() });
      expect(res.status).toBe(200);
      const [stored] = await res.json();
      expect(stored._id).not.toBe(original._id);
      expect(stored.identifier).toBe(stored._id);
      expect(stored.srvCreated).toBeGreaterThan(original.srvCreated);
    });

    it('an entry with another entry’s identifier is stored with its own', async () => {
      const date = Date.now() - 600_000;
      const [original] = await (await post('entries', [{ type: 'sgv', sgv: 120, date }])).json();
      const res = await post('entries', [{ type: 'sgv', sgv: 125, date: date + 300_000, identifier: original.identifier, srvCreated: 1 }]);
      expect(res.status).toBe(200);
      const [stored] = await res.json();
      expect(stored).toMatchObject({ sgv: 125, identifier: stored._id });
      expect(stored.srvCreated).toBeGreaterThan(1);
    });

    it('a treatment re-posted with its identifier replaces the document of that identifier, as the reference upserts by identifier', async () => {
      const [original] = await (await post('treatments', { eventType: 'Meal Bolus', carbs: 20, created_at: new Date(Date.now() - 7200_000).toISOString() })).json();
      const moved = new Date(Date.now() - 3600_000).toISOString();
      const res = await post('treatments', { ...original, _id: undefined, created_at: moved, srvCreated: 1, srvModified: 1 });
      expect(res.status).toBe(200);
      const found = await getJson(server, `/api/v1/treatments.json?find[identifier]=${original.identifier}`);
      expect(found).toEqual([expect.objectContaining({ _id: original._id, created_at: moved, srvCreated: original.srvCreated })]);
      expect(found[0].srvModified).toBeGreaterThan(original.srvModified);
    });

    it('a treatment with a new identifier and another treatment’s _id is stored as a new treatment (the reference drops the _id)', async () => {
      const [original] = await (await post('treatments', { eventType: 'Note', notes: 'has the _id', created_at: new Date(Date.now() - 5000).toISOString() })).json();
      const res = await post('treatments', { _id: original._id, identifier: 'loop-sync-1', eventType: 'Note', notes: 'new', created_at: new Date().toISOString() });
      expect(res.status).toBe(200);
      const [stored] = await res.json();
      expect(stored).toMatchObject({ identifier: 'loop-sync-1', notes: 'new' });
      expect(stored._id).not.toBe(original._id);
      expect(await getJson(server, `/api/v1/treatments.json?find[_id]=${original._id}`)).toEqual([expect.objectContaining({ notes: 'has the _id' })]);
    });

    it('PUT of a profile with another profile’s identifier replaces it and keeps its own identifier', async () => {
      const [a] = await (await post('profile', { defaultProfile: 'A', startDate: '2024-03-01T00:00:00.000Z', store: { A: {} } })).json();
      const [b] = await (await post('profile', { defaultProfile: 'B', startDate: '2024-04-01T00:00:00.000Z', store: { B: {} } })).json();
      const res = await server.fetch('/api/v1/profile', { method: 'PUT', headers: ADMIN_HEADERS, json: { ...b, defaultProfile: 'B2', identifier: a.identifier } });
      expect(res.status).toBe(200);
      expect(await res.json()).toMatchObject({ _id: b._id, defaultProfile: 'B2', identifier: b.identifier });
    });
  });
});
