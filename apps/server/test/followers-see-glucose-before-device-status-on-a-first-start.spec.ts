import type { DataUpdatePayload } from '@nightscout/protocol';
import { MongoClient, ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { StoreRegistry } from '../src/storage/store-registry';
import { waitFor } from './support/built-server';
import { startTestServer, TEST_SECRET_SHA1, type TestServer } from './support/test-server';

const MINUTE = 60_000;
const ENTRIES = 500;
const STATUSES = 3_000;

/**
 * The first start on a database this server has not indexed reads every device status once, the
 * longest read by far, during its index pass, after the other collections' passes
 * (docs/performance.md, "Start-up"). A follower that connects meanwhile gets its glucose at once,
 * and the device status as a delta when it is read.
 */
describe('a follower on a first start gets glucose before device status', () => {
  let server: TestServer;
  let socket: ClientSocket | undefined;
  /** Which settled first: the device status read, or the entries pass (which makes entry uploads exact without a scan). */
  let first: Promise<string>;
  const now = Date.now();

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const client = await new MongoClient(`${process.env.TEST_MONGODB_BASE}/${database}`).connect();
    const at = (i: number, count: number) => now - (count - i) * MINUTE;
    await client
      .db()
      .collection('entries')
      .insertMany(Array.from({ length: ENTRIES }, (_, i) => ({ _id: new ObjectId(), type: 'sgv', sgv: 120, date: at(i, ENTRIES), dateString: new Date(at(i, ENTRIES)).toISOString() })));
    // About the size of an AndroidAPS device status, so that reading them takes a while.
    const padding = 'x'.repeat(4_000);
    await client
      .db()
      .collection('devicestatus')
      .insertMany(Array.from({ length: STATUSES }, (_, i) => ({ _id: new ObjectId(), device: 'openaps://phone', created_at: new Date(at(i, STATUSES)).toISOString(), openaps: { padding } })));
    await client.close();
    server = await startTestServer({}, database);
    const stores = server.app.get(StoreRegistry);
    // If both had settled already, the device status would win (the order of the old start-up).
    first = Promise.race([stores.delivered('devicestatus').then(() => 'device status read'), stores.indexed('entries').then(() => 'entries indexed')]);
  }, 60_000);
  afterAll(async () => {
    socket?.close();
    await server?.close();
  });

  it('the first dataUpdate comes before the device status read ends; the device status follows as a delta', async () => {
    let statusesRead = false;
    void server.app.get(StoreRegistry).delivered('devicestatus').then(() => (statusesRead = true));
    const updates: DataUpdatePayload[] = [];
    const first = new Promise<void>((resolve) => {
      socket = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false });
      socket.on('connect', () => socket!.emit('authorize', { secret: TEST_SECRET_SHA1 }));
      socket.on('dataUpdate', (update: DataUpdatePayload) => {
        updates.push(update);
        resolve();
      });
    });
    await first;
    expect(statusesRead).toBe(false);
    expect(updates[0].sgvs?.length).toBeGreaterThan(0);
    expect(updates[0].devicestatus ?? []).toHaveLength(0);

    const delta = await waitFor(() => updates.find((u) => u.delta && (u.devicestatus?.length ?? 0) > 0), 100_000, 'the device status delta');
    expect(statusesRead).toBe(true);
    expect(delta.devicestatus!.length).toBeGreaterThan(0);
  }, 120_000);

  it('reads device status in its index pass, once entries are indexed, and gives the read model every one', async () => {
    expect(await first).toBe('entries indexed');
    expect(await server.app.get(StoreRegistry).delivered('devicestatus')).toBe(true);
  }, 120_000);
});
