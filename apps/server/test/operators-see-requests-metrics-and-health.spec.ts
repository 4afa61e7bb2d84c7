import { Writable } from 'node:stream';
import { createLogger } from '../src/observability/logger';
import { clientOf } from './support/library-clients';
import { closeClients, legacyClient, request, storageClient } from './support/sockets';
import { TEST_API_SECRET, TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

const entry = (sgv: number) => ({ type: 'sgv', sgv, date: Date.now(), dateString: new Date().toISOString(), device: 'metrics-test' });
const secretHeader = { 'api-secret': TEST_SECRET_SHA1 };

describe('what an operator sees: request logs, metrics and health', () => {
  const records: Record<string, unknown>[] = [];
  let server: TestServer;
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line));
        done();
      },
    });
    const logger = createLogger({ logLevel: 'debug', logFormat: 'json' }, sink);
    server = await startTestServer({ RATE_LIMIT_WRITE_PER_MIN: '3', RATE_LIMIT_SOCKET_READS_PER_10S: '2' }, undefined, { logger });
  });
  afterAll(async () => {
    closeClients();
    await server.close();
  });

  const metrics = async () => {
    const res = await server.fetch('/metrics', { headers: secretHeader });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return res.text();
  };
  /** The value of one series, 0 when absent. */
  const value = (text: string, series: string) => Number(text.split('\n').find((l) => l.startsWith(`${series} `))?.split(' ').at(-1) ?? 0);

  it('answers liveness and readiness without credentials', async () => {
    expect((await server.fetch('/health/live')).status).toBe(200);
    const ready = await server.fetch('/health/ready');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ok', details: { database: { status: 'up' } } });
  });

  it('keeps /metrics to holders of admin:api:metrics:read', async () => {
    expect((await server.fetch('/metrics')).status).toBe(401);
    expect((await server.fetch('/metrics', { headers: { 'api-secret': 'f'.repeat(40) } })).status).toBe(401);
    expect(await metrics()).toMatch(/^# TYPE nightscout_http_requests_total counter$/m);
  });

  it('logs one line per request with method, path, status and time, and never a credential', async () => {
    records.length = 0;
    await server.fetch('/api/v1/entries', { method: 'POST', json: [entry(101)], headers: secretHeader });
    await server.fetch('/api/v1/entries.json?count=1&token=not-a-token');
    await server.fetch(`/api/v1/entries.json?count=1&secret=${TEST_SECRET_SHA1}`);
    await server.fetch('/api/v1/entries.json?count=1', { headers: { authorization: 'Bearer some.jwt.value' } });
    const requests = records.filter((r) => r.req);
    expect(requests.map((r) => [r.level, r.msg])).toEqual([
      [30, expect.stringMatching(/^POST \/api\/v1\/entries 200 \d+ ms$/)],
      [30, expect.stringMatching(/^GET \/api\/v1\/entries\.json\?count=1&token=\[redacted\] 401 \d+ ms$/)],
      [30, expect.stringMatching(/^GET \/api\/v1\/entries\.json\?count=1&secret=\[redacted\] 200 \d+ ms$/)],
      [30, expect.stringMatching(/^GET \/api\/v1\/entries\.json\?count=1 \d{3} \d+ ms$/)],
    ]);
    expect(requests[0]).toMatchObject({ req: { method: 'POST', url: '/api/v1/entries' }, res: { statusCode: 200 }, responseTime: expect.any(Number) });
    const text = JSON.stringify(records);
    for (const secret of [TEST_SECRET_SHA1, TEST_API_SECRET, 'not-a-token', 'some.jwt.value']) expect(text).not.toContain(secret);
  });

  it('logs probes and socket connect, authorize and disconnect at debug', async () => {
    records.length = 0;
    await server.fetch('/health/ready');
    // A web app (the library) opens the site and closes it.
    const app = clientOf(server);
    await app.legacy().whenConnected();
    app.close();
    await new Promise((r) => setTimeout(r, 200));
    const debug = records.filter((r) => r.level === 20).map((r) => String(r.msg));
    expect(debug).toEqual([
      expect.stringMatching(/^GET \/health\/ready 200/),
      expect.stringMatching(/^\/ connect \S+ from /),
      expect.stringMatching(/^\/ authorize \S+: admin$/),
      expect.stringMatching(/^\/ disconnect \S+: client namespace disconnect$/),
    ]);
  });

  it('counts requests by route and status, sockets, emitted events, write→event latency and rate-limited requests', async () => {
    const before = await metrics();
    const subscriber = await storageClient(server);
    const follower = await legacyClient(server);
    await request(follower, 'authorize', { secret: TEST_SECRET_SHA1 });
    await request(subscriber, 'subscribe', { accessToken: undefined });
    const created = new Promise((resolve) => follower.once('dataUpdate', resolve));
    expect((await server.fetch('/api/v1/entries', { method: 'POST', json: [entry(140)], headers: secretHeader })).status).toBe(200);
    await created;
    // Past RATE_LIMIT_WRITE_PER_MIN=3 (one write in the test before, one above: one more passes) and RATE_LIMIT_SOCKET_READS_PER_10S=2.
    for (let i = 0; i < 2; i++) await server.fetch('/api/v1/entries', { method: 'POST', json: [entry(150 + i)], headers: secretHeader });
    let limited: unknown;
    for (let i = 0; i < 10 && !limited; i++) limited = ((await request(follower, 'authorize', { secret: TEST_SECRET_SHA1 })) as { result?: string }).result;
    expect(limited).toBe('Rate limited');
    const after = await metrics();
    const delta = (series: string) => value(after, series) - value(before, series);

    expect(after).toMatch(/^nightscout_http_requests_total\{method="POST",route="\/api\/v1\/entries[^"]*",status="200"\} [1-9]/m);
    expect(after).toMatch(/^nightscout_http_requests_total\{method="POST",route="\/api\/v1\/entries[^"]*",status="429"\} 1$/m);
    expect(value(after, 'nightscout_socket_connections{namespace="/storage"}')).toBe(1);
    expect(value(after, 'nightscout_socket_connections{namespace="/"}')).toBe(1);
    expect(delta('nightscout_socket_events_emitted_total{namespace="/",event="dataUpdate"}')).toBeGreaterThanOrEqual(2);
    expect(delta('nightscout_write_to_event_seconds_count{namespace="/storage"}')).toBe(2);
    expect(delta('nightscout_write_to_event_seconds_count{namespace="/"}')).toBe(2);
    expect(delta('nightscout_rate_limited_total{bucket="http-write"}')).toBe(1);
    expect(delta('nightscout_rate_limited_total{bucket="socket-read"}')).toBe(1);
    expect(delta('nightscout_socket_rejections_total{namespace="/",event="authorize",result="Rate limited"}')).toBe(1);
    expect(delta('nightscout_socket_rejections_total{namespace="/storage",event="subscribe",result="Missing or bad accessToken"}')).toBe(1);
  });
});
