import { getConnectionToken } from '@nestjs/mongoose';
import type { CommandStartedEvent } from 'mongodb';
import { MongoClient, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { StoreRegistry } from '../src/storage/store-registry';
import { startTestServer, type TestServer } from './support/test-server';
import { jwtFor } from './support/v3-client';

const STATUSES = 2_000;
const MINUTE = 60_000;

/**
 * On a first start, a write deduplicated on device status (API v3 CREATE: `identifier`, or
 * `created_at` with `device`) may meet a device status stored before the dedup index existed. On
 * FerretDB, looking for it by query scans every device status (about 2 ms each: minutes at a year),
 * so the write waits for the collection's one-time pass instead and then asks the index
 * (docs/performance.md, "Start-up").
 */
describe('a device status upload during a first start', () => {
  let server: TestServer;
  /** Queries on device status that name `created_at`: each a scan of the collection on FerretDB. */
  const scans: unknown[] = [];
  const now = Date.now();
  const date = (i: number) => now - (STATUSES - i) * MINUTE;
  const createdAt = (i: number) => new Date(date(i)).toISOString();

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const client = await new MongoClient(`${process.env.TEST_MONGODB_BASE}/${database}`).connect();
    // Shaped like AndroidAPS's: prediction arrays make each one slow for FerretDB to decode.
    const predictions = () => Array.from({ length: 48 }, (_, i) => 100 + i);
    await client
      .db()
      .collection('devicestatus')
      .insertMany(
        Array.from({ length: STATUSES }, (_, i) => ({
          _id: new ObjectId(),
          app: 'AndroidAPS',
          device: 'openaps://phone',
          date: date(i),
          utcOffset: 0,
          created_at: createdAt(i),
          openaps: { suggested: { predBGs: { IOB: predictions(), COB: predictions(), UAM: predictions(), ZT: predictions() } } },
        })),
      );
    await client.close();
    server = await startTestServer({ MONGODB_URI: `${process.env.TEST_MONGODB_BASE}/${database}?monitorCommands=true` }, database);
    server.app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', ({ command }: CommandStartedEvent) => {
        if (command.find === 'devicestatus' && JSON.stringify(command.filter ?? {}).includes('created_at')) scans.push(command.filter);
      });
  }, 60_000);
  afterAll(() => server?.close());

  it('waits for the pass instead of scanning, and still finds the stored duplicate', async () => {
    const jwt = await jwtFor(server, 'aaps', ['admin']);
    let indexed = false;
    void server.app.get(StoreRegistry).indexed('devicestatus').then(() => (indexed = true));
    const post = (doc: Record<string, unknown>) =>
      server.fetch('/api/v3/devicestatus', { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, json: doc });
    expect(indexed).toBe(false);
    const [again, fresh] = await Promise.all([
      post({ app: 'AndroidAPS', device: 'openaps://phone', date: date(10), created_at: createdAt(10), openaps: { note: 'sent again' } }),
      post({ app: 'AndroidAPS', device: 'openaps://phone', date: now, created_at: new Date(now).toISOString(), openaps: { note: 'new' } }),
    ]);
    expect([again.status, fresh.status]).toEqual([200, 201]);
    expect(scans).toEqual([]);
    expect(indexed).toBe(true);
    const stored = server.app.get<Connection>(getConnectionToken()).collection('devicestatus');
    expect(await stored.countDocuments({ created_at: createdAt(10) })).toBe(1);
    expect(await stored.countDocuments({})).toBe(STATUSES + 1);
  }, 120_000);
});
