import type { LegacyChannel, NightscoutClient, StorageChannel } from '@nightscout/client';
import type { StorageChange } from '@nightscout/protocol';
import { clientOf, closeLibraryClients, legacyReceiver, storageFollower } from './support/library-clients';
import { eventually } from './support/sockets';
import { createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * The user's Scenario 3 (GAP-API-014): in Nightscout 15 a treatment POSTed to API v1 never reaches
 * `/storage`, so AndroidAPS misses what Loop, Trio or the careportal wrote. Here it does.
 */
describe('API v1 writes reach /storage and legacy DataReceivers', () => {
  let server: TestServer;
  let uploader: NightscoutClient;
  let follower: StorageChannel;
  let receiver: LegacyChannel;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  beforeEach(async () => {
    uploader = clientOf(server);
    follower = await storageFollower(server, await createSubject(server, `aaps-${Date.now()}`, ['readable']), ['treatments', 'entries', 'devicestatus']);
    expect(follower.collections.value).toEqual(['treatments', 'entries', 'devicestatus']);
    receiver = await legacyReceiver(server);
    expect(receiver.flags.value).toMatchObject({ read: true });
  });
  afterEach(closeLibraryClients);

  it('POST /api/v1/treatments (a Loop upload) → /storage create with identifier and srvModified', async () => {
    const created = follower.next('create');
    const delta = receiver.next('dataUpdate', (d) => d.delta === true);
    const created_at = new Date().toISOString();
    const [stored] = await uploader.rest.v1.create('treatments', [{ eventType: 'Correction Bolus', insulin: 1.2, created_at, enteredBy: 'loop://iPhone', syncIdentifier: 'loop-sync-1' }]);
    const change = await created;
    expect(change.colName).toBe('treatments');
    expect(change.doc).toMatchObject({ eventType: 'Correction Bolus', insulin: 1.2, created_at, identifier: expect.any(String), srvModified: expect.any(Number) });
    expect(change.doc.identifier).toBe(stored.identifier ?? stored._id);
    expect((await delta).treatments).toEqual([expect.objectContaining({ _id: stored._id, insulin: 1.2 })]);
    await eventually(() => receiver.data.current.treatments.some((t) => t._id === stored._id));
  });

  it('POST /api/v1/entries (an xDrip+ upload) → /storage create for each reading, one delta with all of them', async () => {
    const now = Date.now();
    const creates = follower.record('create');
    const delta = receiver.next('dataUpdate', (d) => (d.sgvs ?? []).length === 2);
    await uploader.rest.v1.create('entries', [
      { type: 'sgv', sgv: 120, date: now - 300_000, dateString: new Date(now - 300_000).toISOString(), direction: 'Flat', device: 'xDrip-DexcomG6' },
      { type: 'sgv', sgv: 125, date: now, dateString: new Date(now).toISOString(), direction: 'FortyFiveUp', device: 'xDrip-DexcomG6' },
    ]);
    expect((await delta).sgvs!.map((s) => s.mgdl)).toEqual([120, 125]);
    expect(receiver.data.lastReading()?.sgv.mgdl).toBe(125);
    await eventually(() => creates.length >= 2);
    expect(creates.map((c: StorageChange) => [c.colName, c.doc.sgv])).toEqual([
      ['entries', 120],
      ['entries', 125],
    ]);
  });

  it('PUT and DELETE /api/v1/treatments → /storage update and delete', async () => {
    const [stored] = await uploader.rest.v1.create('treatments', { eventType: 'Note', notes: 'first', created_at: new Date(Date.now() - 60_000).toISOString() });
    const updated = follower.next('update');
    await uploader.rest.v1.update('treatments', { ...stored, notes: 'second' });
    expect((await updated).doc).toMatchObject({ notes: 'second' });
    const deleted = follower.next('delete');
    await uploader.rest.v1.remove('treatments', stored._id);
    expect(await deleted).toEqual({ colName: 'treatments', identifier: expect.any(String) });
  });
});
