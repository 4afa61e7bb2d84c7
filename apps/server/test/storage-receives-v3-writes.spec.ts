import type { AuthorizeAck, DataUpdatePayload, StorageChange, StorageDelete } from '@nightscout/protocol';
import { closeClients, legacyClient, next, request, storageClient, type LegacyClient, type StorageClient } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1 } from './support/test-server';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 writes reach /storage and legacy DataReceivers', () => {
  let v3: V3Client;
  let follower: StorageClient;
  let receiver: LegacyClient;
  beforeAll(async () => {
    v3 = await startV3();
  });
  afterAll(() => v3.server.close());
  beforeEach(async () => {
    follower = await storageClient(v3.server);
    const token = await createSubject(v3.server, `follower-${Date.now()}`, ['readable']);
    expect(await request(follower, 'subscribe', { accessToken: token, collections: ['treatments'] })).toEqual({ success: true, collections: ['treatments'] });
    receiver = await legacyClient(v3.server);
    expect(await request<AuthorizeAck>(receiver, 'authorize', { secret: TEST_SECRET_SHA1 })).toMatchObject({ read: true });
  });
  afterEach(closeClients);

  const treatment = (overrides: Record<string, unknown> = {}) => ({
    date: Date.now(),
    app: 'AAPS',
    device: 'openaps://Pixel 7',
    eventType: 'Meal Bolus',
    carbs: 35,
    insulin: 2.5,
    ...overrides,
  });

  it('POST /api/v3/treatments → /storage create {colName, doc}, and a delta on /', async () => {
    const created = next<StorageChange>(follower, 'create');
    const delta = next<DataUpdatePayload>(receiver, 'dataUpdate', (d) => d.delta === true);
    const res = await v3.call(v3.admin, '/treatments', { method: 'POST', json: treatment() });
    expect(res.status).toBe(201);
    const { identifier, lastModified } = await res.json();
    const change = await created;
    expect(change).toEqual({
      colName: 'treatments',
      doc: expect.objectContaining({ identifier, srvModified: lastModified, srvCreated: lastModified, carbs: 35, app: 'AAPS', subject: 'admin-app' }),
    });
    expect(change.doc).not.toHaveProperty('_id');
    expect((await delta).treatments).toEqual([expect.objectContaining({ identifier, carbs: 35 })]);
  });

  it('PATCH → update with the patched document; DELETE → delete with the identifier and a remove delta', async () => {
    // Listening before the write: the event may arrive before the HTTP response.
    const created = next(follower, 'create');
    const res = await v3.call(v3.admin, '/treatments', { method: 'POST', json: treatment({ date: Date.now() - 60_000 }) });
    const { identifier } = await res.json();
    await created;

    const updated = next<StorageChange>(follower, 'update');
    const updateDelta = next<DataUpdatePayload>(receiver, 'dataUpdate', (d) => (d.treatments ?? []).some((t) => t.action === 'update'));
    expect((await v3.call(v3.admin, `/treatments/${identifier}`, { method: 'PATCH', json: { notes: 'corrected carbs', carbs: 40 } })).status).toBe(200);
    expect((await updated).doc).toMatchObject({ identifier, notes: 'corrected carbs', carbs: 40, modifiedBy: 'admin-app', srvModified: expect.any(Number) });
    expect((await updateDelta).treatments![0]).toMatchObject({ carbs: 40, action: 'update' });

    const deleted = next<StorageDelete>(follower, 'delete');
    const removeDelta = next<DataUpdatePayload>(receiver, 'dataUpdate', (d) => (d.treatments ?? []).some((t) => t.action === 'remove'));
    expect((await v3.call(v3.admin, `/treatments/${identifier}`, { method: 'DELETE' })).status).toBe(200);
    expect(await deleted).toEqual({ colName: 'treatments', identifier });
    expect((await removeDelta).treatments![0]).toEqual({ _id: expect.any(String), mills: expect.any(Number), action: 'remove' });
  });

  it('a deduplicated CREATE reaches /storage as update', async () => {
    const body = treatment({ date: Date.now() - 120_000 });
    const created = next(follower, 'create');
    await v3.call(v3.admin, '/treatments', { method: 'POST', json: body });
    await created;
    const updated = next<StorageChange>(follower, 'update');
    const again = await v3.call(v3.admin, '/treatments', { method: 'POST', json: { ...body, notes: 'resent' } });
    expect(again.status).toBe(200);
    expect((await again.json()).isDeduplication).toBe(true);
    expect((await updated).doc).toMatchObject({ notes: 'resent' });
  });
});
