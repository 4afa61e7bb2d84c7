import type { LegacyChannel, NightscoutClient, StorageChannel } from '@nightscout/client';
import { closeLibraryClients, legacyReceiver, storageFollower, v3Clients } from './support/library-clients';
import { createSubject } from './support/subjects';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 writes reach /storage and legacy DataReceivers', () => {
  let v3: V3Client;
  let admin: NightscoutClient;
  let follower: StorageChannel;
  let receiver: LegacyChannel;
  beforeAll(async () => {
    v3 = await startV3();
  });
  afterAll(() => v3.server.close());
  beforeEach(async () => {
    ({ admin } = await v3Clients(v3));
    follower = await storageFollower(v3.server, await createSubject(v3.server, `follower-${Date.now()}`, ['readable']), ['treatments']);
    expect(follower.collections.value).toEqual(['treatments']);
    receiver = await legacyReceiver(v3.server);
    expect(receiver.flags.value).toMatchObject({ read: true });
  });
  afterEach(closeLibraryClients);

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
    const created = follower.next('create');
    const delta = receiver.next('dataUpdate', (d) => d.delta === true);
    const answer = await admin.rest.v3.create('treatments', treatment());
    expect(answer.status).toBe(201);
    const { identifier, lastModified } = answer;
    const change = await created;
    expect(change).toEqual({
      colName: 'treatments',
      doc: expect.objectContaining({ identifier, srvModified: lastModified, srvCreated: lastModified, carbs: 35, app: 'AAPS', subject: 'admin-app' }),
    });
    expect(change.doc).not.toHaveProperty('_id');
    expect((await delta).treatments).toEqual([expect.objectContaining({ identifier, carbs: 35 })]);
    expect(receiver.data.current.treatments).toContainEqual(expect.objectContaining({ identifier, carbs: 35 }));
  });

  it('PATCH → update with the patched document; DELETE → delete with the identifier and a remove delta', async () => {
    // Listening before the write: the event may arrive before the HTTP response.
    const created = follower.next('create');
    const { identifier } = await admin.rest.v3.create('treatments', treatment({ date: Date.now() - 60_000 }));
    await created;

    const updated = follower.next('update');
    const updateDelta = receiver.next('dataUpdate', (d) => (d.treatments ?? []).some((t) => t.action === 'update'));
    expect(await admin.rest.v3.patch('treatments', identifier, { notes: 'corrected carbs', carbs: 40 })).toMatchObject({ status: 200 });
    expect((await updated).doc).toMatchObject({ identifier, notes: 'corrected carbs', carbs: 40, modifiedBy: 'admin-app', srvModified: expect.any(Number) });
    expect((await updateDelta).treatments![0]).toMatchObject({ carbs: 40, action: 'update' });

    const deleted = follower.next('delete');
    const removeDelta = receiver.next('dataUpdate', (d) => (d.treatments ?? []).some((t) => t.action === 'remove'));
    expect(await admin.rest.v3.remove('treatments', identifier)).toMatchObject({ status: 200 });
    expect(await deleted).toEqual({ colName: 'treatments', identifier });
    expect((await removeDelta).treatments![0]).toEqual({ _id: expect.any(String), mills: expect.any(Number), action: 'remove' });
    expect(receiver.data.current.treatments.some((t) => t.identifier === identifier)).toBe(false);
  });

  it('a deduplicated CREATE reaches /storage as update', async () => {
    const body = treatment({ date: Date.now() - 120_000 });
    const created = follower.next('create');
    await admin.rest.v3.create('treatments', body);
    await created;
    const updated = follower.next('update');
    expect(await admin.rest.v3.create('treatments', { ...body, notes: 'resent' })).toMatchObject({ status: 200, isDeduplication: true });
    expect((await updated).doc).toMatchObject({ notes: 'resent' });
  });
});
