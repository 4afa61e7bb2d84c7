import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LegacyChannel } from '@nightscout/client';
import { RefusedError } from '@nightscout/client';
import { freePort, startFerretDb, type RunningFerretDb } from '../src/storage/embedded-ferretdb';
import { timed } from './support/built-server';
import { closeLibraryClients, legacyReceiver } from './support/library-clients';
import { TEST_API_SECRET, TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';
import { jwtFor } from './support/v3-client';

/** Status of a request, or `error` when it got no answer within 10 s. */
const statusOf = (server: TestServer, path: string, init: RequestInit = {}) =>
  server.fetch(path, { ...init, signal: AbortSignal.timeout(10_000) }).then(
    (res) => res.status,
    () => 'error' as const,
  );

describe('a running server whose database goes away', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-outage-'));
  let port: number;
  let database: RunningFerretDb;
  let server: TestServer;
  /** A legacy socket authorized while the database answered. */
  let writer: LegacyChannel;
  const auth = { headers: { 'api-secret': TEST_SECRET_SHA1 } };
  /** API v3's credentials, granted while the database answered. */
  let v3Auth: RequestInit;
  const note = () => ({ eventType: 'Note', notes: 'during the outage', created_at: new Date().toISOString() });

  beforeAll(async () => {
    port = await freePort();
    database = await startFerretDb({ dataDir, port });
    server = await startTestServer({ API_SECRET: TEST_API_SECRET, MONGODB_URI: database.uri });
    writer = await legacyReceiver(server);
    v3Auth = { headers: { authorization: `Bearer ${await jwtFor(server, 'outage-reader', ['readable'])}` } };
  });
  afterAll(async () => {
    closeLibraryClients();
    await server?.stop();
    await database?.stop();
  });

  it('is ready while the database answers', async () => {
    expect(await statusOf(server, '/health/ready')).toBe(200);
    expect(await statusOf(server, '/api/v1/entries.json', auth)).toBe(200);
  });

  it('turns unready within 3 s, answers data requests 503 within seconds, stays alive, and recovers by itself', async () => {
    await database.stop();
    const died = Date.now();
    let ready: number | 'error' = 200;
    while (ready === 200 && Date.now() - died < 10_000) {
      await new Promise((r) => setTimeout(r, 100));
      ready = await statusOf(server, '/health/ready');
    }
    expect(ready).toBe(503);
    expect(Date.now() - died).toBeLessThan(3_000);

    let data: number | 'error' = 0;
    const dataMs = await timed((async () => (data = await statusOf(server, '/api/v1/entries.json', auth)))());
    expect(data).toBe(503);
    expect(dataMs).toBeLessThan(5_000);
    const body = await (await server.fetch('/api/v1/entries.json', auth)).json();
    expect(body).toEqual({ status: 503, message: 'Database unavailable, retry shortly' });
    // API v3 (its own error filter) gives the same answer.
    const v3 = await server.fetch('/api/v3/entries?limit=1', v3Auth);
    expect([v3.status, v3.headers.get('retry-after'), await v3.json()]).toEqual([503, '5', { status: 503, message: 'Database unavailable, retry shortly' }]);
    expect(await statusOf(server, '/health/live')).toBe(200);
    // A socket write is refused with the same advice.
    const refused = await writer.dbAdd('treatments', note()).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(RefusedError);
    expect(refused).toMatchObject({ result: 'Database error', retryAfterMs: 5_000 });

    database = await startFerretDb({ dataDir, port });
    const back = Date.now();
    while ((await statusOf(server, '/health/ready')) !== 200) {
      expect(Date.now() - back).toBeLessThan(15_000);
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await statusOf(server, '/api/v1/entries.json', auth)).toBe(200);
    expect(await writer.dbAdd('treatments', note())).toHaveLength(1);

    const metrics = await (await server.fetch('/metrics', auth)).text();
    expect(metrics).toMatch(/^nightscout_database_errors_total\{kind="unavailable"\} [1-9]/m);
    expect(metrics).toMatch(/^nightscout_http_requests_total\{method="GET",route="\/health\/ready",status="503"\} [1-9]/m);
  });
});
