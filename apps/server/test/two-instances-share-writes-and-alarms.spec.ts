import type { AlarmNotification, DataUpdatePayload, StorageChange } from '@nightscout/protocol';
import type { Socket } from 'socket.io-client';
import { BUILT_SERVER_TEST_TIMEOUT_MS } from './support/built-server';
import { ready, startInstances, stopInstance, type Instance } from './support/instances';
import { alarmClient, closeClients, eventually, legacyClient, record, request, sleep, storageClient, type LegacyClient } from './support/sockets';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, type TestServer } from './support/test-server';

// The jest global setup starts a redis-server of its own (test/support/redis-server.ts).
const REDIS_URL = process.env.TEST_REDIS_URL ?? '';
if (!REDIS_URL) throw new Error('No Redis for this suite: install redis-server (the global setup starts one) or set TEST_REDIS_URL');

/** Writes per client and minute: the rate-limit test spends them through both instances. */
const WRITE_LIMIT = 30;
// No heartbeat check during the suite: only writes make the alarm engine evaluate.
const FAIL_DELAY_MS = 1500;
const ENV = { AUTH_DEFAULT_ROLES: 'denied', ALARM_TYPES: 'simple', RATE_LIMIT_WRITE_PER_MIN: String(WRITE_LIMIT), HEARTBEAT: '3600', AUTH_FAIL_DELAY: String(FAIL_DELAY_MS) };

const asServer = (instance: Instance) => instance as unknown as TestServer;
const entry = (sgv: number, date = Date.now()) => ({ type: 'sgv', sgv, date, device: 'scale-test' });

/** Every sgv value a legacy socket got in a `dataUpdate` after its snapshot, in order. */
function sgvsSeen(socket: LegacyClient): number[] {
  const seen: number[] = [];
  let snapshot = true;
  socket.on('dataUpdate', (payload: DataUpdatePayload) => {
    if (snapshot) snapshot = false;
    else for (const sgv of payload.sgvs ?? []) seen.push(sgv.mgdl);
  });
  return seen;
}

async function reader(instance: Instance, token: string): Promise<{ legacy: number[]; storage: number[]; alarms: AlarmNotification[]; clears: AlarmNotification[] }> {
  const legacy = await legacyClient(asServer(instance));
  const legacySgvs = sgvsSeen(legacy);
  expect(await request(legacy, 'authorize', { secret: token })).toMatchObject({ read: true });
  const storage = await storageClient(asServer(instance));
  const storageSgvs: number[] = [];
  storage.on('create', (event: StorageChange) => storageSgvs.push(Number((event.doc as { sgv?: number }).sgv)));
  expect(await request(storage, 'subscribe', { accessToken: token, collections: ['entries'] })).toMatchObject({ success: true });
  const alarm = await alarmClient(asServer(instance));
  expect(await request(alarm, 'subscribe', { accessToken: token })).toMatchObject({ success: true });
  return { legacy: legacySgvs, storage: storageSgvs, alarms: record<AlarmNotification>(alarm, 'urgent_alarm'), clears: acks(alarm) };
}

/** The `clear_alarm`s of acks (not the one a starting instance sends). */
function acks(socket: Socket): AlarmNotification[] {
  const seen: AlarmNotification[] = [];
  socket.on('clear_alarm', (n: AlarmNotification) => {
    if (/was ack'd/.test(String(n.message))) seen.push(n);
  });
  return seen;
}

const count = (values: number[], value: number) => values.filter((v) => v === value).length;

describe('two instances on one database and one Redis', () => {
  // The instances live for the whole suite (useBuiltServers would end them after each test).
  jest.setTimeout(BUILT_SERVER_TEST_TIMEOUT_MS);
  let a: Instance;
  let b: Instance;
  let token: string;
  let parentToken: string;
  beforeAll(async () => {
    // A first: it takes the alarm lease, so that acks on B must reach the instance that evaluates.
    [a, b] = await startInstances(['A', 'B'], REDIS_URL, ENV);
    await Promise.all([ready(a), ready(b)]);
    token = await createSubject(asServer(a), 'follower', ['readable']);
    parentToken = await createSubject(asServer(a), 'parent', ['readable', 'admin']);
  }, 120_000);
  afterEach(() => closeClients());
  afterAll(async () => {
    const codes = await Promise.all([a, b].filter(Boolean).map(stopInstance));
    expect(codes).toEqual([0, 0]);
  });

  it('accepts on B at once a subject created through A', async () => {
    const fresh = await createSubject(asServer(a), 'just-made', ['readable']);
    const storage = await storageClient(asServer(b));
    expect(await request(storage, 'subscribe', { accessToken: fresh, collections: ['entries'] })).toMatchObject({ success: true });
  });

  it('delivers v1 REST, v3 REST and legacy dbAdd writes through A to the subscribers of both instances on / and /storage, exactly once each', async () => {
    const onA = await reader(a, token);
    const onB = await reader(b, token);
    const writer = await legacyClient(asServer(a));
    await request(writer, 'authorize', { secret: TEST_SECRET_SHA1 });
    const jwt = (await (await a.fetch(`/api/v2/authorization/request/${await createSubject(asServer(a), 'uploader', ['admin'])}`)).json()).token as string;

    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(101)] })).status).toBe(200);
    expect((await a.fetch('/api/v3/entries', { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, json: { ...entry(102), app: 'scale-test' } })).status).toBe(201);
    expect(await request(writer, 'dbAdd', { collection: 'entries', data: entry(103) })).toEqual([expect.objectContaining({ sgv: 103 })]);

    const all = [101, 102, 103];
    await eventually(() => [onA, onB].every((r) => all.every((v) => r.legacy.includes(v) && r.storage.includes(v))));
    // Long enough for a second copy through the socket.io adapter (milliseconds on loopback) to arrive.
    await sleep(500);
    for (const r of [onA, onB]) for (const v of all) expect([count(r.legacy, v), count(r.storage, v)]).toEqual([1, 1]);
  });

  it("answers on B from its read model the entry just posted to A (entries.json?count=1)", async () => {
    // B's read model holds the newest entry, of its own, first: a model that missed A's write would answer it.
    // Not dated in the future: the next test's high reading must be the newest.
    const now = Date.now();
    expect((await b.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(120, now - 500)] })).status).toBe(200);
    const latest = async () => (await (await b.fetch('/api/v1/entries.json?count=1', { headers: ADMIN_HEADERS })).json())[0]?.sgv;
    expect(await latest()).toBe(120);
    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(121, now)] })).status).toBe(200);
    const answered = Date.now();
    let answer: number;
    do answer = await latest();
    while (answer !== 121 && Date.now() - answered < 2000);
    expect(answer).toBe(121);
    // The stream's latency: B may answer the older entry only within milliseconds of A's response.
    expect(Date.now() - answered).toBeLessThan(500);
  });

  it('raises one alarm per follower across both instances for a high reading posted to A; an ack on B clears it for A\'s followers and silences it', async () => {
    const followers = [await reader(a, token), await reader(a, token), await reader(b, token)];
    const parent = await alarmClient(asServer(b));
    expect(await request(parent, 'subscribe', { accessToken: parentToken })).toMatchObject({ success: true });

    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(350)] })).status).toBe(200);
    await eventually(() => followers.every((f) => f.alarms.length > 0));
    await sleep(500);
    expect(followers.map((f) => f.alarms.map((n) => n.title))).toEqual([['Urgent HIGH'], ['Urgent HIGH'], ['Urgent HIGH']]);

    parent.emit('ack', 2, 'default', 60_000);
    await eventually(() => followers.every((f) => f.clears.length > 0));
    // Still high, through A and through B: the instance that evaluates (A) knows of the ack made on B.
    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(355)] })).status).toBe(200);
    expect((await b.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [entry(360)] })).status).toBe(200);
    await sleep(500);
    expect(followers.map((f) => [f.alarms.length, f.clears.length])).toEqual([[1, 1], [1, 1], [1, 1]]);
  });

  it('counts the sockets of both instances in `clients`', async () => {
    const sockets = [await legacyClient(asServer(a)), await legacyClient(asServer(a)), await legacyClient(asServer(b))];
    const latest = sockets.map((s) => record<number>(s, 'clients'));
    await eventually(() => latest.every((seen) => seen.at(-1) === 3), 3000);
  });

  it('counts writes through both instances in one rate limit', async () => {
    const limited = await createSubject(asServer(a), 'limited', ['admin']);
    const statuses: number[] = [];
    for (let i = 0; i < WRITE_LIMIT + 10; i++) {
      const res = await [a, b][i % 2].fetch('/api/v1/treatments.json', { method: 'POST', headers: { 'api-secret': limited }, json: [{ eventType: 'Note', notes: `n${i}`, created_at: new Date(Date.now() - i * 60_000).toISOString() }] });
      statuses.push(res.status);
    }
    expect(statuses.filter((s) => s === 200)).toHaveLength(WRITE_LIMIT);
    expect(statuses.filter((s) => s === 429)).toHaveLength(10);
  });

  // Last: the delay applies to every request with credentials from this address afterwards.
  it('makes a client that failed to authenticate on A wait on B too', async () => {
    const bad = { 'api-secret': 'f'.repeat(40) };
    expect((await a.fetch('/api/v1/entries.json', { headers: bad })).status).toBe(401);
    await sleep(100);
    const started = Date.now();
    expect((await b.fetch('/api/v1/entries.json', { headers: bad })).status).toBe(401);
    expect(Date.now() - started).toBeGreaterThan(FAIL_DELAY_MS - 400);
  });
});
