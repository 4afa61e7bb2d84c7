import fc from 'fast-check';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Socket } from 'socket.io-client';
import { FUZZ_RUNS, collectionName, hostileDocument, notAnObject } from './support/hostile';
import { alarmClient, closeClients, legacyClient, request, sleep, storageClient } from './support/sockets';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';
import { jwtFor } from './support/v3-client';

const DATA_COLLECTIONS = ['entries', 'treatments', 'devicestatus', 'profile', 'food', 'activity', 'settings'];

/**
 * Generated malformed input against every inbound socket event and REST write endpoint. For every
 * case: no process exit, no 5xx, nothing stored, and the server still answers a valid request.
 */
describe('bad input property suite', () => {
  let server: TestServer;
  let db: Connection;
  let jwt: string;

  beforeAll(async () => {
    // Limits off: the generated cases, not the rate limiter, are under test here.
    server = await startTestServer({ RATE_LIMIT_READ_PER_MIN: '0', RATE_LIMIT_WRITE_PER_MIN: '0', RATE_LIMIT_SOCKET_WRITES_PER_10S: '0', RATE_LIMIT_SOCKET_READS_PER_10S: '0', RATE_LIMIT_HANDSHAKES_PER_MIN: '0' });
    db = server.app.get<Connection>(getConnectionToken());
    jwt = await jwtFor(server, 'fuzz-admin', ['admin']);
  });
  afterAll(() => server.close());
  afterEach(closeClients);

  /** Everything stored in the data collections (shown in full when a case slipped through). */
  const stored = async () => {
    const docs: unknown[] = [];
    for (const c of DATA_COLLECTIONS) docs.push(...(await db.collection(c).find().toArray()).map((d) => ({ collection: c, ...d })));
    return docs;
  };
  const stillServing = async () => expect((await server.fetch('/api/v1/status.json')).status).toBe(200);

  /** An acknowledgement when the server sends one; undefined when it (rightly) stays silent. */
  const tryAck = (socket: Socket, event: string, args: unknown[]) => socket.timeout(5000).emitWithAck(event, ...args).catch(() => undefined);

  it('legacy write events refuse every hostile document and non-object payload', async () => {
    const socket = await legacyClient(server);
    await request(socket, 'authorize', { secret: TEST_SECRET_SHA1 });
    const payload = fc.oneof(
      notAnObject,
      fc.record({ collection: collectionName, data: fc.oneof(hostileDocument, fc.array(hostileDocument, { minLength: 1, maxLength: 3 }), notAnObject) }),
      fc.record({ collection: collectionName, _id: fc.oneof(fc.string(), fc.integer(), fc.record({ $ne: fc.constant(null) })), data: hostileDocument }),
    );
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('dbAdd', 'dbUpdate', 'dbUpdateUnset', 'dbRemove'), payload, async (event, p) => {
        const ack = await tryAck(socket as unknown as Socket, event, [p]);
        expect(ack).toBeDefined();
        expect(Array.isArray(ack) && ack.length > 0).toBe(false);
        expect(socket.connected).toBe(true);
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    expect(await stored()).toEqual([]);
    await stillServing();
  });

  it('authorize, loadRetro and both subscribes survive any payload', async () => {
    const events: [() => Promise<Socket>, string][] = [
      [() => legacyClient(server) as unknown as Promise<Socket>, 'authorize'],
      [() => legacyClient(server) as unknown as Promise<Socket>, 'loadRetro'],
      [() => storageClient(server) as unknown as Promise<Socket>, 'subscribe'],
      [() => alarmClient(server) as unknown as Promise<Socket>, 'subscribe'],
    ];
    const sockets = await Promise.all(events.map(([open]) => open()));
    const anything = fc.oneof(notAnObject, hostileDocument, fc.record({ secret: fc.jsonValue(), token: fc.jsonValue(), accessToken: fc.jsonValue(), collections: fc.jsonValue() }));
    await fc.assert(
      fc.asyncProperty(fc.nat({ max: events.length - 1 }), anything, async (i, p) => {
        // A failed credential disconnects the socket, as in the reference: continue on a new one.
        if (!sockets[i].connected) sockets[i] = await events[i][0]();
        await tryAck(sockets[i], events[i][1], [p]);
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    const alarm = sockets[3];
    await fc.assert(
      fc.asyncProperty(fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 4 }), async (args) => {
        alarm.emit('ack', ...args);
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    await sleep(100);
    expect(await stored()).toEqual([]);
    await stillServing();
  });

  const restWrites: [string, string][] = [
    ['POST', '/api/v1/treatments'],
    ['POST', '/api/v1/entries'],
    ['POST', '/api/v1/devicestatus'],
    ['PUT', '/api/v1/profile'],
    ['POST', '/api/v1/food'],
    ['PUT', '/api/v2/activity'],
    ['DELETE', '/api/v1/entries'],
    ['POST', '/api/v3/treatments'],
    ['POST', '/api/v3/entries'],
    ['PUT', '/api/v3/treatments/fuzz-id'],
    ['PATCH', '/api/v3/devicestatus/fuzz-id'],
    ['POST', '/api/v2/authorization/subjects'],
    ['PUT', '/api/v2/authorization/roles'],
  ];

  it('v3 writes with valid date, utcOffset and app still refuse hostile fields with 400', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(['POST', '/api/v3/treatments'], ['PUT', '/api/v3/entries/fuzz-put'], ['PATCH', '/api/v3/treatments/fuzz-patch']), hostileDocument, async ([method, path], doc) => {
        const res = await server.fetch(path, {
          method,
          headers: { authorization: `Bearer ${jwt}` },
          json: { ...doc, date: Date.now(), utcOffset: 0, app: 'fuzz', device: 'fuzz' },
        });
        expect([400, 404]).toContain(res.status);
        await res.arrayBuffer();
      }),
      { numRuns: FUZZ_RUNS, endOnFailure: true },
    );
    expect(await stored()).toEqual([]);
  });

  it('REST write endpoints answer hostile JSON, non-JSON bodies and bracketed query parameters with 4xx', async () => {
    const body = fc.oneof(
      hostileDocument.map((d) => JSON.stringify(d)),
      // An empty array is a valid upload of nothing.
      notAnObject.map((v) => JSON.stringify(v)).filter((v) => v !== '[]'),
      fc.string({ maxLength: 40 }),
      fc.constant('{"unterminated": '),
    );
    const query = fc.oneof(fc.constant(''), fc.constant('?secret[x]=1'), fc.constant(`?secret=${TEST_SECRET_SHA1}&secret=x`), fc.constant('?token[$ne]=1'), fc.constant('?__proto__[polluted]=1'));
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...restWrites), body, query, fc.boolean(), async ([method, path], b, q, asJson) => {
        const res = await server.fetch(path + q, {
          method,
          headers: { authorization: `Bearer ${jwt}`, 'api-secret': TEST_SECRET_SHA1, 'content-type': asJson ? 'application/json' : 'text/plain' },
          body: b,
        });
        expect(res.status).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
        await res.arrayBuffer();
      }),
      { numRuns: FUZZ_RUNS * 2, endOnFailure: true },
    );
    expect(await stored()).toEqual([]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    await stillServing();
  });
});
