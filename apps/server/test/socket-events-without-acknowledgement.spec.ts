import type { AlarmNotification, DataUpdatePayload, RetroUpdatePayload, StorageChange } from '@nightscout/protocol';
import { StoreRegistry } from '../src/storage/store-registry';
import type { StoredDocument } from '../src/storage/stored-document';
import { CreateDocumentsCommand } from '../src/writes';
import { alarmClient, closeClients, legacyClient, next, request, sleep, storageClient, type LegacyClient } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

/**
 * The legacy web UI emits `loadRetro`, and `dbUpdateUnset` while moving carbs or insulin, without an
 * acknowledgement callback; other clients do the same with any event. Every event must still do its work.
 */
describe('socket events sent without an acknowledgement callback still do their work', () => {
  let server: TestServer;
  let readerToken: string;
  let parentToken: string;
  async function start(): Promise<void> {
    server = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied', ALARM_TYPES: 'simple' });
    readerToken = await createSubject(server, 'follower', ['readable']);
    parentToken = await createSubject(server, 'parent', ['readable', 'admin']);
  }
  beforeAll(start);
  afterAll(() => server.close());
  afterEach(closeClients);

  const treatments = () => server.app.get(StoreRegistry).get('treatments');

  /** Polls the store until `find` returns what `done` accepts. */
  async function stored(filter: Record<string, unknown>, done: (doc: StoredDocument | null) => boolean): Promise<StoredDocument | null> {
    const deadline = Date.now() + 5000;
    for (;;) {
      const doc = await treatments().findOne(filter);
      if (done(doc)) return doc;
      if (Date.now() > deadline) throw new Error(`store never satisfied the condition for ${JSON.stringify(filter)}: ${JSON.stringify(doc)}`);
      await sleep(20);
    }
  }

  /** A socket authorized by `authorize` sent without a callback: it still gets `connected` and the snapshot. */
  async function authorizedWithoutAck(): Promise<LegacyClient> {
    const socket = await legacyClient(server);
    const connected = next(socket, 'connected');
    const snapshot = next<DataUpdatePayload>(socket, 'dataUpdate');
    socket.emit('authorize', { client: 'web', secret: TEST_SECRET_SHA1, history: 48 });
    await connected;
    expect(await snapshot).not.toHaveProperty('delta');
    return socket;
  }

  /** A treatment stored through the write path, to change over the socket. */
  async function treatment(fields: Record<string, unknown>): Promise<StoredDocument> {
    const [{ doc }] = await server.commands.execute(
      new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Meal Bolus', created_at: new Date().toISOString(), ...fields } }], 'api-v1'),
    );
    return doc;
  }

  it('/ authorize', async () => {
    await authorizedWithoutAck();
  });

  it('/ loadRetro, with and without a payload: retroUpdate is emitted', async () => {
    await server.commands.execute(new CreateDocumentsCommand('devicestatus', [{ doc: { device: 'openaps://phone', openaps: {}, created_at: new Date().toISOString() } }], 'api-v1'));
    const socket = await authorizedWithoutAck();
    let retro = next<RetroUpdatePayload>(socket, 'retroUpdate');
    socket.emit('loadRetro', { loadedMills: 0 });
    expect((await retro).devicestatus.length).toBeGreaterThan(0);
    retro = next<RetroUpdatePayload>(socket, 'retroUpdate');
    (socket.emit as (event: string) => void)('loadRetro');
    expect((await retro).devicestatus.length).toBeGreaterThan(0);
  });

  it('/ dbAdd: stored, one document and an array', async () => {
    const socket = await authorizedWithoutAck();
    const created_at = new Date().toISOString();
    socket.emit('dbAdd', { collection: 'treatments', data: { eventType: 'Meal Bolus', carbs: 25, insulin: 2, notes: 'no-ack', created_at } });
    expect(await stored({ notes: 'no-ack' }, (d) => d !== null)).toMatchObject({ carbs: 25, insulin: 2, created_at });
    socket.emit('dbAdd', { collection: 'treatments', data: [{ eventType: 'Note', notes: 'no-ack array', created_at }] });
    await stored({ notes: 'no-ack array' }, (d) => d !== null);
  });

  it('/ dbUpdate: updated', async () => {
    const doc = await treatment({ notes: 'before update' });
    const socket = await authorizedWithoutAck();
    socket.emit('dbUpdate', { collection: 'treatments', _id: doc._id.toString(), data: { notes: 'after update' } });
    await stored({ _id: doc._id }, (d) => d?.notes === 'after update');
  });

  it('/ dbUpdateUnset: the fields are removed (the web UI’s “move carbs”)', async () => {
    const doc = await treatment({ carbs: 20, insulin: 1 });
    const socket = await authorizedWithoutAck();
    socket.emit('dbUpdateUnset', { collection: 'treatments', _id: doc._id.toString(), data: { carbs: 1 } });
    expect(await stored({ _id: doc._id }, (d) => d !== null && !('carbs' in d))).toMatchObject({ insulin: 1 });
  });

  it('/ dbRemove: removed', async () => {
    const doc = await treatment({ notes: 'to remove' });
    const socket = await authorizedWithoutAck();
    socket.emit('dbRemove', { collection: 'treatments', _id: doc._id.toString() });
    await stored({ _id: doc._id }, (d) => d === null);
  });

  it('/ write events without a callback are still checked: nothing is written without permission', async () => {
    const socket = await legacyClient(server);
    socket.emit('dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes: 'stranger', created_at: new Date().toISOString() } });
    // The acknowledged event after it shows the first one was handled (and refused).
    expect(await request(socket, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note' } })).toEqual({ result: 'Not authorized' });
    await sleep(100);
    expect(await treatments().findOne({ notes: 'stranger' })).toBeNull();
  });

  it('/storage subscribe without a callback: the socket receives the collection’s events', async () => {
    const socket = await storageClient(server);
    socket.emit('subscribe', { accessToken: readerToken, collections: ['treatments'] });
    // The subscription has no acknowledgement to wait for: write until one arrives.
    const created = next<StorageChange>(socket, 'create', (c) => c.doc.notes === 'to storage');
    for (let i = 0; i < 50 && !(await Promise.race([created.then(() => true), sleep(100).then(() => false)])); i++) {
      await server.commands.execute(new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Note', notes: 'to storage', created_at: new Date(Date.now() - i).toISOString() } }], 'api-v1'));
    }
    expect((await created).colName).toBe('treatments');
  });

  it('/alarm subscribe and ack without a callback: alarms arrive, and the ack silences them', async () => {
    // A server of its own: the treatments written above would snooze alarms (treatmentnotify).
    await server.close();
    await start();
    const follower = await alarmClient(server);
    const parent = await alarmClient(server);
    follower.emit('subscribe', { accessToken: readerToken });
    parent.emit('subscribe', { accessToken: parentToken });
    await sleep(200);
    const alarm = next<AlarmNotification>(follower, 'urgent_alarm');
    await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 320, date: Date.now(), device: 'test' } }], 'api-v1'));
    expect(await alarm).toMatchObject({ level: 2, group: 'default' });

    const cleared = next<AlarmNotification>(follower, 'clear_alarm');
    parent.emit('ack', 2, 'default', 60_000);
    expect(await cleared).toMatchObject({ clear: true, group: 'default' });
  });
});
