import type { AuthorizeAck, DataUpdatePayload, StorageChange, StorageDelete } from '@nightscout/protocol';
import { closeClients, eventually, legacyClient, next, request, storageClient, type LegacyClient, type StorageClient } from './support/sockets';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

/**
 * The user's Scenario 3 (GAP-API-014): in Nightscout 15 a treatment POSTed to API v1 never reaches
 * `/storage`, so AndroidAPS misses what Loop, Trio or the careportal wrote. Here it does.
 */
describe('API v1 writes reach /storage and legacy DataReceivers', () => {
  let server: TestServer;
  let follower: StorageClient;
  let receiver: LegacyClient;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    follower = await storageClient(server);
    const token = await createSubject(server, `aaps-${Date.now()}`, ['readable']);
    expect(await request(follower, 'subscribe', { accessToken: token, collections: ['treatments', 'entries', 'devicestatus'] })).toMatchObject({ success: true });
    receiver = await legacyClient(server);
    expect(await request<AuthorizeAck>(receiver, 'authorize', { secret: TEST_SECRET_SHA1 })).toMatchObject({ read: true });
  });
  afterEach(closeClients);

  it('POST /api/v1/treatments (a Loop upload) → /storage create with identifier and srvModified', async () => {
    const created = next<StorageChange>(follower, 'create');
    const delta = next<DataUpdatePayload>(receiver, 'dataUpdate', (d) => d.delta === true);
    const created_at = new Date().toISOString();
    const res = await server.fetch('/api/v1/treatments', {
      method: 'POST',
      headers: ADMIN_HEADERS,
      json: [{ eventType: 'Correction Bolus', insulin: 1.2, created_at, enteredBy: 'loop://iPhone', syncIdentifier: 'loop-sync-1' }],
    });
    expect(res.status).toBe(200);
    const [stored] = await res.json();
    const change = await created;
    expect(change.colName).toBe('treatments');
    expect(change.doc).toMatchObject({ eventType: 'Correction Bolus', insulin: 1.2, created_at, identifier: expect.any(String), srvModified: expect.any(Number) });
    expect(change.doc.identifier).toBe(stored.identifier ?? stored._id);
    expect((await delta).treatments).toEqual([expect.objectContaining({ _id: stored._id, insulin: 1.2 })]);
  });

  it('POST /api/v1/entries (an xDrip+ upload) → /storage create for each reading, one delta with all of them', async () => {
    const now = Date.now();
    const creates: StorageChange[] = [];
    follower.on('create', (c: StorageChange) => creates.push(c));
    const delta = next<DataUpdatePayload>(receiver, 'dataUpdate', (d) => (d.sgvs ?? []).length === 2);
    const res = await server.fetch('/api/v1/entries', {
      method: 'POST',
      headers: ADMIN_HEADERS,
      json: [
        { type: 'sgv', sgv: 120, date: now - 300_000, dateString: new Date(now - 300_000).toISOString(), direction: 'Flat', device: 'xDrip-DexcomG6' },
        { type: 'sgv', sgv: 125, date: now, dateString: new Date(now).toISOString(), direction: 'FortyFiveUp', device: 'xDrip-DexcomG6' },
      ],
    });
    expect(res.status).toBe(200);
    expect((await delta).sgvs!.map((s) => s.mgdl)).toEqual([120, 125]);
    await eventually(() => creates.length >= 2);
    expect(creates.map((c) => [c.colName, c.doc.sgv])).toEqual([
      ['entries', 120],
      ['entries', 125],
    ]);
  });

  it('PUT and DELETE /api/v1/treatments → /storage update and delete', async () => {
    const res = await server.fetch('/api/v1/treatments', { method: 'POST', headers: ADMIN_HEADERS, json: { eventType: 'Note', notes: 'first', created_at: new Date(Date.now() - 60_000).toISOString() } });
    const [stored] = await res.json();
    const updated = next<StorageChange>(follower, 'update');
    expect((await server.fetch('/api/v1/treatments', { method: 'PUT', headers: ADMIN_HEADERS, json: { ...stored, notes: 'second' } })).status).toBe(200);
    expect((await updated).doc).toMatchObject({ notes: 'second' });
    const deleted = next<StorageDelete>(follower, 'delete');
    expect((await server.fetch(`/api/v1/treatments/${stored._id}`, { method: 'DELETE', headers: ADMIN_HEADERS })).status).toBe(200);
    expect(await deleted).toEqual({ colName: 'treatments', identifier: expect.any(String) });
  });
});
