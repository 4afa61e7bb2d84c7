import { getConnectionToken } from '@nestjs/mongoose';
import { MongoClient, ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ReadModelService } from '../src/read-model/read-model.service';
import { DEDUP_KEYS_COLLECTION } from '../src/storage/dedup-index';
import { StoreRegistry } from '../src/storage/store-registry';
import { startTestServer, TEST_SECRET_SHA1, type TestServer } from './support/test-server';

const MINUTE = 60_000;
const STORED = 3_000;
const UNLIMITED = { RATE_LIMIT_WRITE_PER_MIN: '0', RATE_LIMIT_READ_PER_MIN: '0' };
const headers = { 'api-secret': TEST_SECRET_SHA1 };

/**
 * A database this server has never indexed (written by the reference, or by an older version): the
 * server answers at once while it builds its dedup and time indexes in one background pass, and
 * stays exact meanwhile (docs/performance.md, "Start-up").
 */
describe('start-up on a database with data but without our indexes', () => {
  let server: TestServer;
  const now = Date.now();
  const entryAt = (i: number) => now - (STORED - i) * MINUTE;

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    const client = await new MongoClient(`${process.env.TEST_MONGODB_BASE}/${database}`).connect();
    const entries = Array.from({ length: STORED }, (_, i) => {
      const _id = new ObjectId();
      return { _id, identifier: _id.toHexString(), type: 'sgv', sgv: 100 + (i % 50), date: entryAt(i), dateString: new Date(entryAt(i)).toISOString(), sysTime: new Date(entryAt(i)).toISOString(), srvCreated: entryAt(i), srvModified: entryAt(i) };
    });
    await client.db().collection('entries').insertMany(entries);
    await client.close();
    server = await startTestServer(UNLIMITED, database);
  });
  afterAll(() => server?.close());

  it('re-uploads of stored entries are recognised while the pass runs, and the newest entries are answered from memory', async () => {
    const stores = server.app.get(StoreRegistry);
    let indexed = false;
    void stores.indexed('entries').then(() => (indexed = true));
    // The newest stored entries: the pass, in stored order, reaches them last.
    const again = [STORED - 1, STORED - 2, STORED - 3].map((i) => ({ type: 'sgv', sgv: 100 + (i % 50), date: entryAt(i), dateString: new Date(entryAt(i)).toISOString() }));
    const res = await server.fetch('/api/v1/entries', { method: 'POST', headers, json: again });
    expect(res.status).toBe(200);
    // One read of the collection loads the read model; the index pass (its writes) takes far longer.
    await server.app.get(ReadModelService).loaded('entries');
    expect(indexed).toBe(false);
    const newest = await server.fetch('/api/v1/entries.json?count=3', { headers });
    expect((await newest.json()).map((e: { date: number }) => e.date)).toEqual([entryAt(STORED - 1), entryAt(STORED - 2), entryAt(STORED - 3)]);
    // The read model loaded from a read of the collection, without waiting for the index pass.
    expect(server.app.get(ReadModelService).query('entries', {}, { sort: { date: -1 }, limit: 3 })).toHaveLength(3);
    await stores.indexed('entries');
    expect(await stores.get('entries').count({ date: { $gte: entryAt(STORED - 3) } })).toBe(3);
  });

  it('a pass that resumes over claims already made (a stop during the first one) completes', async () => {
    const stores = server.app.get(StoreRegistry);
    await stores.indexed('entries');
    // What a stop in the middle of the first pass leaves: claims for every entry, no marker.
    await server.app.get<Connection>(getConnectionToken()).collection(DEDUP_KEYS_COLLECTION).deleteOne({ _id: 'indexed|entries' as never });
    await server.app.close();
    server = await startTestServer(UNLIMITED, server.database);
    await server.app.get(StoreRegistry).indexed('entries');
    const newest = await server.fetch('/api/v1/entries.json?count=1', { headers });
    expect((await newest.json()).map((e: { date: number }) => e.date)).toEqual([entryAt(STORED - 1)]);
  }, 120_000);
});
