import { StoreRegistry } from '../src/storage/store-registry';
import { startTestServer, type TestServer } from './support/test-server';

const TEN_MINUTES = 10 * 60_000;

/**
 * The legacy `dbstats` figures cost a database command that takes tens of seconds on FerretDB
 * during a first start's passes; every `authorize` sends them (docs/performance.md, "Start-up").
 */
describe('database size figures', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('a caller during a read already under way takes the last figures without waiting for it', async () => {
    const stores = server.app.get(StoreRegistry);
    // Later than the cache's age: this call starts a read.
    const at = Date.now() + TEN_MINUTES;
    let readDone = false;
    const starter = stores.dbStats(at).then((stats) => {
      readDone = true;
      return stats;
    });
    await stores.dbStats(at);
    expect(readDone).toBe(false);
    const fresh = await starter;
    expect(typeof fresh.dataSize).toBe('number');
    // Once read, everyone gets the new figures.
    expect(await stores.dbStats(at)).toEqual(fresh);
  });
});
