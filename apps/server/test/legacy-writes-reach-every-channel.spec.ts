import type { LegacyChannel, StorageChannel } from '@nightscout/client';
import type { DataUpdatePayload, StorageChange } from '@nightscout/protocol';
import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand } from '../src/writes';
import { clientOf, closeLibraryClients, legacyReceiver, storageFollower } from './support/library-clients';
import { closeClients, eventually, legacyClient, next, request, sleep } from './support/sockets';
import { createSubject } from './support/subjects';
import { startTestServer, TEST_SECRET_SHA1, type TestServer } from './support/test-server';

/** A DataReceiver of the web UI, authorized with the API secret: it may read and write. */
async function authorizedLegacy(server: TestServer): Promise<LegacyChannel> {
  const legacy = await legacyReceiver(server, undefined, { client: 'web' });
  expect(legacy.flags.value).toEqual({ read: true, write: true, write_treatment: true });
  return legacy;
}

const subscribedStorage = (server: TestServer, token: string): Promise<StorageChannel> => storageFollower(server, token, ['treatments', 'entries', 'devicestatus', 'profile', 'food']);

describe('a write through any entry point reaches every channel', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = await createSubject(server, 'follower', ['readable']);
  });
  afterAll(() => server.close());
  afterEach(() => {
    closeLibraryClients();
    closeClients();
  });

  it('dbAdd: the callback returns the document with _id, other DataReceivers get a delta, /storage gets create', async () => {
    const writer = await authorizedLegacy(server);
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const delta = reader.next('dataUpdate', (d) => d.delta === true);
    const created = follower.next('create');
    const created_at = new Date().toISOString();
    const ack = await writer.dbAdd('treatments', { eventType: 'Meal Bolus', carbs: 30, insulin: 2, created_at });
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatchObject({ eventType: 'Meal Bolus', carbs: 30, created_at, _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const update = await delta;
    expect(update.lastUpdated).toEqual(expect.any(Number));
    expect(update.treatments).toEqual([expect.objectContaining({ _id: ack[0]._id, carbs: 30, mills: Date.parse(created_at) })]);
    expect(update.treatments![0]).not.toHaveProperty('action');
    expect(reader.data.current.treatments).toContainEqual(expect.objectContaining({ _id: ack[0]._id, carbs: 30 }));
    const change = await created;
    expect(change.colName).toBe('treatments');
    expect(change.doc).toMatchObject({ identifier: ack[0]._id, carbs: 30, srvModified: expect.any(Number), srvCreated: expect.any(Number) });
    expect(change.doc).not.toHaveProperty('_id');
  });

  it('dbAdd deduplicates treatments by NSCLIENT_ID and by created_at + eventType, and near matches within 2 s', async () => {
    const writer = await authorizedLegacy(server);
    const doc = { eventType: 'Correction Bolus', insulin: 1.5, created_at: '2024-05-01T12:00:00.000Z', NSCLIENT_ID: 'ns-1' };
    const [first] = await writer.dbAdd('treatments', doc);
    const [again] = await writer.dbAdd('treatments', { ...doc, insulin: 9 });
    expect(again._id).toBe(first._id);
    expect(again.insulin).toBe(1.5);
    const near = { eventType: 'Correction Bolus', insulin: 2.5, created_at: '2024-05-01T13:00:00.000Z' };
    const [a] = await writer.dbAdd('treatments', near);
    const [b] = await writer.dbAdd('treatments', { ...near, created_at: '2024-05-01T13:00:01.000Z' });
    expect(b._id).toBe(a._id);
    expect(b.created_at).toBe('2024-05-01T13:00:01.000Z');
    const arr = await writer.dbAdd('entries', [
      { type: 'sgv', sgv: 100, date: Date.now() },
      { type: 'sgv', sgv: 101, date: Date.now() - 300_000 },
    ]);
    expect(arr.map((d) => d.sgv)).toEqual([100, 101]);
    expect(arr[0]).toHaveProperty('created_at');
  });

  it('dbUpdate, dbUpdateUnset and dbRemove reach /storage as update/delete and / as treatment deltas', async () => {
    const writer = await authorizedLegacy(server);
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const [doc] = await writer.dbAdd('treatments', { eventType: 'Note', notes: 'x', carbs: 10, created_at: new Date().toISOString() });
    await sleep(50);
    const deltas = reader.record('dataUpdate');
    const updates = follower.record('update');
    const deletes = follower.record('delete');

    let seen: Promise<unknown> = follower.next('update', (c) => c.doc.notes === 'changed');
    await writer.dbUpdate('treatments', doc._id, { notes: 'changed' });
    await seen;
    seen = follower.next('update', (c) => !('carbs' in c.doc));
    await writer.dbUpdateUnset('treatments', doc._id, ['carbs']);
    await seen;
    seen = follower.next('delete');
    await writer.dbRemove('treatments', doc._id);
    await seen;
    await eventually(() => deltas.flatMap((d) => d.treatments ?? []).some((t) => t.action === 'remove'));

    expect(updates.map((u: StorageChange) => [u.doc.identifier, u.doc.notes, 'carbs' in u.doc])).toEqual([
      [doc._id, 'changed', true],
      [doc._id, 'changed', false],
    ]);
    expect(deletes).toEqual([{ colName: 'treatments', identifier: doc._id }]);
    const treatmentDeltas = deltas.flatMap((d) => d.treatments ?? []);
    expect(treatmentDeltas.map((t) => t.action)).toEqual(['update', 'update', 'remove']);
    expect(treatmentDeltas[2]).toEqual({ _id: doc._id, mills: expect.any(Number), action: 'remove' });
    expect(reader.data.current.treatments.some((t) => t._id === doc._id)).toBe(false);
  });

  it('writes through the commands of other entry points (v1, v3) reach /storage and /', async () => {
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const delta = reader.next('dataUpdate', (d) => (d.sgvs ?? []).some((s) => s.mgdl === 142));
    const created = follower.next('create', (c) => c.doc.sgv === 142);
    const [{ doc }] = await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 142, date: Date.now(), device: 'xDrip' } }], 'api-v1'));
    expect((await delta).sgvs).toEqual([expect.objectContaining({ mgdl: 142, type: 'sgv', device: 'xDrip' })]);
    expect(reader.data.lastReading()?.sgv.mgdl).toBe(142);
    expect((await created).colName).toBe('entries');

    const updated = follower.next('update', (c) => c.doc.direction === 'Flat');
    await server.commands.execute(new PatchDocumentCommand('entries', { _id: doc._id }, { direction: 'Flat' }, 'api-v3'));
    expect((await updated).doc.identifier).toBe(doc.identifier);
    const deleted = follower.next('delete');
    await server.commands.execute(new DeleteDocumentsCommand('entries', { _id: doc._id }, 'api-v3', { permanent: false }));
    expect(await deleted).toEqual({ colName: 'entries', identifier: doc.identifier });
  });

  it('sends the full snapshot on authorize, with status when asked', async () => {
    await server.commands.execute(new CreateDocumentsCommand('profile', [{ doc: { defaultProfile: 'Default', startDate: '2024-01-01T00:00:00.000Z', store: { Default: {}, 'Hidden@@@@@x': {} } } }], 'api-v1'));
    await sleep(20);
    const legacy = clientOf(server, undefined, { withStatus: true }).legacy();
    const snapshot = legacy.next('dataUpdate');
    await legacy.whenConnected();
    const data = await snapshot;
    expect(data).not.toHaveProperty('delta');
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['sgvs', 'mbgs', 'cals', 'treatments', 'devicestatus', 'profiles', 'food', 'dbstats', 'status']));
    expect(data.status).toMatchObject({ status: 'ok', name: 'nightscout', version: '15.0.7', versionNum: 150007 });
    expect(Object.keys(data.profiles![0].store as object)).toEqual(['Default']);
    expect(legacy.data.current.status).toMatchObject({ versionNum: 150007 });
  });

  it('gives every authorize the window as it is then: the snapshot encoded once for all readers changes with each write', async () => {
    const snapshot = async (): Promise<DataUpdatePayload> => {
      const socket = await legacyClient(server);
      const data = next<DataUpdatePayload>(socket, 'dataUpdate');
      await request(socket, 'authorize', { secret: TEST_SECRET_SHA1 });
      return data;
    };
    const reader = await authorizedLegacy(server);
    const before = await snapshot();
    expect(await snapshot()).toEqual(before);

    const seen = reader.next('dataUpdate', (d) => (d.treatments ?? []).some((t) => t.notes === 'after the snapshot'));
    const [{ doc }] = await server.commands.execute(new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Note', notes: 'after the snapshot', created_at: new Date().toISOString() } }], 'api-v1'));
    await seen;
    const added = await snapshot();
    expect(added.treatments).toHaveLength(before.treatments!.length + 1);
    expect(added.treatments).toContainEqual(expect.objectContaining({ _id: doc._id.toString(), notes: 'after the snapshot' }));

    const removed = reader.next('dataUpdate', (d) => (d.treatments ?? []).some((t) => t.action === 'remove'));
    await server.commands.execute(new DeleteDocumentsCommand('treatments', { _id: doc._id }, 'api-v3', { permanent: true }));
    await removed;
    expect((await snapshot()).treatments).toEqual(before.treatments);
  });

  it('answers loadRetro with the held device status, to readers only', async () => {
    await server.commands.execute(new CreateDocumentsCommand('devicestatus', [{ doc: { device: 'openaps://phone', openaps: {}, created_at: new Date().toISOString() } }], 'api-v1'));
    const reader = await authorizedLegacy(server);
    expect((await reader.loadRetro()).devicestatus.length).toBeGreaterThan(0);
    // A socket that never authorized: raw, as no client of the library sends before authorizing.
    const stranger = await legacyClient(server);
    expect(await request(stranger, 'loadRetro', {})).toEqual({ result: 'Not authorized' });
  });

  it('counts clients on connect and disconnect', async () => {
    const first = await authorizedLegacy(server);
    const counts = first.record('clients');
    const second = clientOf(server);
    await second.legacy().whenConnected();
    // Connects and disconnects within 100 ms share one broadcast.
    await sleep(250);
    second.close();
    await sleep(250);
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(counts.at(-1)! + 1).toBe(counts.at(-2));
  });
});
