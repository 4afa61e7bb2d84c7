import type { AuthorizeAck, DataUpdatePayload, StorageChange, StorageDelete } from '@nightscout/protocol';
import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand } from '../src/writes';
import { closeClients, eventually, legacyClient, next, record, request, sleep, storageClient, type LegacyClient, type StorageClient } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';


async function authorizedLegacy(server: TestServer, secret = TEST_SECRET_SHA1): Promise<LegacyClient> {
  const socket = await legacyClient(server);
  const ack = await request<AuthorizeAck>(socket, 'authorize', { client: 'web', secret, history: 48 });
  expect(ack).toEqual({ read: true, write: true, write_treatment: true });
  return socket;
}


async function subscribedStorage(server: TestServer, token: string, collections = ['treatments', 'entries', 'devicestatus', 'profile', 'foods']): Promise<StorageClient> {
  const socket = await storageClient(server);
  const ack = await request<{ success: boolean }>(socket, 'subscribe', { accessToken: token, collections });
  expect(ack).toMatchObject({ success: true });
  return socket;
}

describe('a write through any entry point reaches every channel', () => {
  let server: TestServer;
  let token: string;
  beforeAll(async () => {
    server = await startTestServer();
    token = await createSubject(server, 'follower', ['readable']);
  });
  afterAll(() => server.close());
  afterEach(closeClients);

  it('dbAdd: the callback returns the document with _id, other DataReceivers get a delta, /storage gets create', async () => {
    const writer = await authorizedLegacy(server);
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const delta = next<DataUpdatePayload>(reader, 'dataUpdate', (d) => d.delta === true);
    const created = next<StorageChange>(follower, 'create');
    const created_at = new Date().toISOString();
    const ack = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: { eventType: 'Meal Bolus', carbs: 30, insulin: 2, created_at } });
    expect(ack).toHaveLength(1);
    expect(ack[0]).toMatchObject({ eventType: 'Meal Bolus', carbs: 30, created_at, _id: expect.stringMatching(/^[0-9a-f]{24}$/) });
    const update = await delta;
    expect(update.lastUpdated).toEqual(expect.any(Number));
    expect(update.treatments).toEqual([expect.objectContaining({ _id: ack[0]._id, carbs: 30, mills: Date.parse(created_at) })]);
    expect(update.treatments![0]).not.toHaveProperty('action');
    const change = await created;
    expect(change.colName).toBe('treatments');
    expect(change.doc).toMatchObject({ identifier: ack[0]._id, carbs: 30, srvModified: expect.any(Number), srvCreated: expect.any(Number) });
    expect(change.doc).not.toHaveProperty('_id');
  });

  it('dbAdd deduplicates treatments by NSCLIENT_ID and by created_at + eventType, and near matches within 2 s', async () => {
    const writer = await authorizedLegacy(server);
    const doc = { eventType: 'Correction Bolus', insulin: 1.5, created_at: '2024-05-01T12:00:00.000Z', NSCLIENT_ID: 'ns-1' };
    const [first] = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: doc });
    const [again] = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: { ...doc, insulin: 9 } });
    expect(again._id).toBe(first._id);
    expect(again.insulin).toBe(1.5);
    const near = { eventType: 'Correction Bolus', insulin: 2.5, created_at: '2024-05-01T13:00:00.000Z' };
    const [a] = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: near });
    const [b] = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: { ...near, created_at: '2024-05-01T13:00:01.000Z' } });
    expect(b._id).toBe(a._id);
    expect(b.created_at).toBe('2024-05-01T13:00:01.000Z');
    const arr = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'entries', data: [{ type: 'sgv', sgv: 100, date: Date.now() }, { type: 'sgv', sgv: 101, date: Date.now() - 300_000 }] });
    expect(arr.map((d) => d.sgv)).toEqual([100, 101]);
    expect(arr[0]).toHaveProperty('created_at');
  });

  it('dbUpdate, dbUpdateUnset and dbRemove reach /storage as update/delete and / as treatment deltas', async () => {
    const writer = await authorizedLegacy(server);
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const [doc] = await request<Record<string, unknown>[]>(writer, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes: 'x', carbs: 10, created_at: new Date().toISOString() } });
    await sleep(50);
    const deltas = record<DataUpdatePayload>(reader, 'dataUpdate');
    const updates = record<StorageChange>(follower, 'update');
    const deletes = record<StorageDelete>(follower, 'delete');

    let seen = next(follower, 'update', (c: StorageChange) => c.doc.notes === 'changed');
    expect(await request(writer, 'dbUpdate', { collection: 'treatments', _id: doc._id, data: { notes: 'changed' } })).toEqual({ result: 'success' });
    await seen;
    seen = next(follower, 'update', (c: StorageChange) => !('carbs' in c.doc));
    expect(await request(writer, 'dbUpdateUnset', { collection: 'treatments', _id: doc._id, data: { carbs: 1 } })).toEqual({ result: 'success' });
    await seen;
    seen = next(follower, 'delete');
    expect(await request(writer, 'dbRemove', { collection: 'treatments', _id: doc._id })).toEqual({ result: 'success' });
    await seen;
    await eventually(() => deltas.flatMap((d) => d.treatments ?? []).some((t) => t.action === 'remove'));

    expect(updates.map((u) => [u.doc.identifier, u.doc.notes, 'carbs' in u.doc])).toEqual([
      [doc._id, 'changed', true],
      [doc._id, 'changed', false],
    ]);
    expect(deletes).toEqual([{ colName: 'treatments', identifier: doc._id }]);
    const treatmentDeltas = deltas.flatMap((d) => d.treatments ?? []);
    expect(treatmentDeltas.map((t) => t.action)).toEqual(['update', 'update', 'remove']);
    expect(treatmentDeltas[2]).toEqual({ _id: doc._id, mills: expect.any(Number), action: 'remove' });
  });

  it('writes through the commands of other entry points (v1, v3) reach /storage and /', async () => {
    const reader = await authorizedLegacy(server);
    const follower = await subscribedStorage(server, token);
    const delta = next<DataUpdatePayload>(reader, 'dataUpdate', (d) => (d.sgvs ?? []).some((s) => s.mgdl === 142));
    const created = next<StorageChange>(follower, 'create', (c) => c.doc.sgv === 142);
    const [{ doc }] = await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 142, date: Date.now(), device: 'xDrip' } }], 'api-v1'));
    expect((await delta).sgvs).toEqual([expect.objectContaining({ mgdl: 142, type: 'sgv', device: 'xDrip' })]);
    expect((await created).colName).toBe('entries');

    const updated = next<StorageChange>(follower, 'update', (c) => c.doc.direction === 'Flat');
    await server.commands.execute(new PatchDocumentCommand('entries', { _id: doc._id }, { direction: 'Flat' }, 'api-v3'));
    expect((await updated).doc.identifier).toBe(doc.identifier);
    const deleted = next<StorageDelete>(follower, 'delete');
    await server.commands.execute(new DeleteDocumentsCommand('entries', { _id: doc._id }, 'api-v3', { permanent: false }));
    expect(await deleted).toEqual({ colName: 'entries', identifier: doc.identifier });
  });

  it('sends the full snapshot on authorize, with status when asked', async () => {
    await server.commands.execute(new CreateDocumentsCommand('profile', [{ doc: { defaultProfile: 'Default', startDate: '2024-01-01T00:00:00.000Z', store: { Default: {}, 'Hidden@@@@@x': {} } } }], 'api-v1'));
    await sleep(20);
    const socket = await legacyClient(server);
    const snapshot = next<DataUpdatePayload>(socket, 'dataUpdate');
    await request(socket, 'authorize', { secret: TEST_SECRET_SHA1, status: true });
    const data = await snapshot;
    expect(data).not.toHaveProperty('delta');
    expect(Object.keys(data)).toEqual(expect.arrayContaining(['sgvs', 'mbgs', 'cals', 'treatments', 'devicestatus', 'profiles', 'food', 'dbstats', 'status']));
    expect(data.status).toMatchObject({ status: 'ok', name: 'nightscout', version: '15.0.7', versionNum: 150007 });
    expect(Object.keys(data.profiles![0].store as object)).toEqual(['Default']);
  });

  it('answers loadRetro with the held device status, to readers only', async () => {
    await server.commands.execute(new CreateDocumentsCommand('devicestatus', [{ doc: { device: 'openaps://phone', openaps: {}, created_at: new Date().toISOString() } }], 'api-v1'));
    const reader = await authorizedLegacy(server);
    const retro = next<{ devicestatus: unknown[] }>(reader, 'retroUpdate');
    expect(await request(reader, 'loadRetro', { loadedMills: 0 })).toEqual({ result: 'success' });
    expect((await retro).devicestatus.length).toBeGreaterThan(0);
    const stranger = await legacyClient(server);
    expect(await request(stranger, 'loadRetro', {})).toEqual({ result: 'Not authorized' });
  });

  it('counts clients on connect and disconnect', async () => {
    const first = await legacyClient(server);
    const counts = record<number>(first, 'clients');
    const second = await legacyClient(server);
    // Connects and disconnects within 100 ms share one broadcast.
    await sleep(250);
    second.close();
    await sleep(250);
    expect(counts.length).toBeGreaterThanOrEqual(2);
    expect(counts.at(-1)! + 1).toBe(counts.at(-2));
  });
});
