import { COLLECTIONS } from '@nightscout/protocol';
import { MongoClient, ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { ReadModelService } from '../src/read-model/read-model.service';
import { StoreRegistry } from '../src/storage/store-registry';
import { TimeIndex } from '../src/storage/time-index';
import { startTestServer, type TestServer } from './support/test-server';

const COUNT = 300;
const MINUTE = 60_000;

/**
 * After a restart the read model loads the recent documents from the time index, each an `_id`
 * read. Followers wait for entries and treatments (`authorize`), and FerretDB reads a device status
 * slowly (about 2 ms each), so device status loads once the others are loaded (docs/performance.md, "Start-up").
 */
describe('a restarted server loads device status after the collections followers wait for', () => {
  const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
  let server: TestServer | undefined;
  const loads: { collection: string; start: number; end?: number }[] = [];

  beforeAll(async () => {
    const client = await new MongoClient(`${process.env.TEST_MONGODB_BASE}/${database}`).connect();
    const at = (i: number) => Date.now() - (COUNT - i) * MINUTE;
    await client
      .db()
      .collection('entries')
      .insertMany(Array.from({ length: COUNT }, (_, i) => ({ _id: new ObjectId(), type: 'sgv', sgv: 120, date: at(i), dateString: new Date(at(i)).toISOString() })));
    await client
      .db()
      .collection('devicestatus')
      .insertMany(Array.from({ length: COUNT }, (_, i) => ({ _id: new ObjectId(), device: 'openaps://phone', created_at: new Date(at(i)).toISOString() })));
    await client.close();
    // The first start builds the time index.
    const first = await startTestServer({}, database);
    await Promise.all(COLLECTIONS.map((c) => first.app.get(StoreRegistry).indexed(c)));
    await first.stop();

    const load = TimeIndex.prototype.load;
    jest.spyOn(TimeIndex.prototype, 'load').mockImplementation(function (this: TimeIndex, ...args: Parameters<TimeIndex['load']>) {
      const span: (typeof loads)[number] = { collection: (this as unknown as { collection: string }).collection, start: performance.now() };
      loads.push(span);
      return load.apply(this, args).finally(() => (span.end = performance.now()));
    });
    server = await startTestServer({}, database);
  }, 60_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await server?.close();
  });

  it('reads device status from the time index only once entries and treatments are loaded', async () => {
    await server!.app.get(ReadModelService).loaded('devicestatus');
    const span = (collection: string) => loads.find((l) => l.collection === collection)!;
    expect(loads.map((l) => l.collection).sort()).toEqual(['devicestatus', 'entries', 'treatments']);
    expect(span('devicestatus').start).toBeGreaterThanOrEqual(Math.max(span('entries').end!, span('treatments').end!));
  }, 60_000);
});
