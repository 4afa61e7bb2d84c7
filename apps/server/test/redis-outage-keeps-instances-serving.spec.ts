import type { StorageChange } from '@nightscout/protocol';
import { MongoClient } from 'mongodb';
import { BUILT_SERVER_TEST_TIMEOUT_MS } from './support/built-server';
import { ready, startInstances, stopInstance, type Instance } from './support/instances';
import { startRedis, type RunningRedis } from './support/redis-server';
import { closeClients, next, request, sleep, storageClient } from './support/sockets';
import { ADMIN_HEADERS } from './support/subjects';
import type { TestServer } from './support/test-server';

const OUTAGE_MS = 5_000;
const LOST = 'Redis connection lost: this instance serves its own clients only';

const asServer = (instance: Instance) => instance as unknown as TestServer;
const readiness = async (instance: Instance) => (await instance.fetch('/health/ready')).status;

/** The newest entries' dates, as an instance answers them (from its read model) and as the database holds them. */
async function answeredDates(instance: Instance, count: number): Promise<number[]> {
  const res = await instance.fetch(`/api/v1/entries.json?count=${count}`, { headers: ADMIN_HEADERS });
  return ((await res.json()) as { date: number }[]).map((e) => e.date);
}

describe('Redis lost for 5 s under a steady writer, then back', () => {
  // Its own Redis, stopped and started again on the same port: the suites sharing the global one go on.
  jest.setTimeout(BUILT_SERVER_TEST_TIMEOUT_MS);
  let redis: RunningRedis;
  let instances: Instance[] = [];
  afterAll(async () => {
    closeClients();
    await Promise.all(instances.map(stopInstance));
    await redis?.stop();
  });

  it('keeps both instances serving, loses no acknowledged write, resynchronises both read models and resumes delivery', async () => {
    redis = (await startRedis())!;
    if (!redis) throw new Error('No redis-server on this machine: install it (the README lists it)');
    const port = Number(new URL(redis.url).port);
    instances = await startInstances(['A', 'B'], redis.url, { RATE_LIMIT_WRITE_PER_MIN: '0', AUTH_DEFAULT_ROLES: 'denied' });
    const [a, b] = instances;
    await Promise.all([ready(a), ready(b)]);

    // A steady writer, alternating instances; each entry has a date of its own.
    const start = Date.now() - 3_600_000;
    const acknowledged: number[] = [];
    /** How long each write took, and when it was sent. */
    const timings: { sent: number; ms: number }[] = [];
    let writing = true;
    let n = 0;
    const writer = (async () => {
      while (writing) {
        const date = start + n * 1000;
        const sent = Date.now();
        const res = await instances[n++ % 2].fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [{ type: 'sgv', sgv: 100 + (n % 200), date, device: 'steady' }] }).catch(() => undefined);
        if (res?.status === 200) acknowledged.push(date);
        timings.push({ sent, ms: Date.now() - sent });
        await sleep(50);
      }
    })();
    await sleep(1_000);

    await redis.stop();
    const lostAt = Date.now();
    const beforeOutage = acknowledged.length;
    // Not ready for cross-instance delivery, both; still serving their own sockets.
    for (const instance of instances) {
      let status = await readiness(instance);
      while (status !== 503 && Date.now() - lostAt < 4_000) {
        await sleep(100);
        status = await readiness(instance);
      }
      expect(status).toBe(503);
    }
    const local = await storageClient(asServer(a));
    expect(await request(local, 'subscribe', { accessToken: await adminAccessToken(a), collections: ['entries'] })).toMatchObject({ success: true });
    const localCreate = next<StorageChange>(local, 'create', (e) => e.doc.device === 'during-outage');
    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [{ type: 'sgv', sgv: 99, date: Date.now(), device: 'during-outage' }] })).status).toBe(200);
    await localCreate;
    await sleep(OUTAGE_MS - (Date.now() - lostAt));
    const duringOutage = acknowledged.length - beforeOutage;
    const outageWrites = timings.filter((t) => t.sent >= lostAt);

    redis = (await startRedis(port))!;
    await Promise.all([ready(a), ready(b)]);
    await sleep(1_000);
    writing = false;
    await writer;

    expect(instances.map((i) => i.child.exitCode)).toEqual([null, null]);
    // Writes went on during the outage, none waiting on Redis (a loaded machine makes each one slow, not blocked).
    expect(duringOutage).toBeGreaterThan(5);
    expect(Math.max(...outageWrites.map((t) => t.ms))).toBeLessThan(3_000);

    // Every acknowledged write is in the database.
    const client = await MongoClient.connect(a.env.MONGODB_URI);
    try {
      const stored = await client.db().collection('entries').find({}, { projection: { date: 1 } }).sort({ date: -1 }).toArray();
      const storedDates = new Set(stored.map((d) => d.date as number));
      expect(acknowledged.filter((d) => !storedDates.has(d))).toEqual([]);
      // Both read models answer what the database holds, the other instance's writes during the outage included.
      const newest = stored.map((d) => d.date as number).slice(0, 500);
      expect(await answeredDates(a, newest.length)).toEqual(newest);
      expect(await answeredDates(b, newest.length)).toEqual(newest);
    } finally {
      await client.close();
    }

    // Cross-instance delivery again: a write through A reaches a subscriber on B.
    const remote = await storageClient(asServer(b));
    expect(await request(remote, 'subscribe', { accessToken: await adminAccessToken(a), collections: ['entries'] })).toMatchObject({ success: true });
    const remoteCreate = next<StorageChange>(remote, 'create', (e) => e.doc.device === 'after-outage');
    expect((await a.fetch('/api/v1/entries.json', { method: 'POST', headers: ADMIN_HEADERS, json: [{ type: 'sgv', sgv: 98, date: Date.now(), device: 'after-outage' }] })).status).toBe(200);
    await remoteCreate;

    // Said loudly, once per instance.
    for (const instance of instances) expect(instance.output().split(LOST).length - 1).toBe(1);
  });
});

let adminToken: string | undefined;
/** An access token with read permission, made once through `instance`. */
async function adminAccessToken(instance: Instance): Promise<string> {
  if (adminToken) return adminToken;
  const res = await instance.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: ADMIN_HEADERS, json: { name: 'watcher', roles: ['readable'] } });
  expect(res.status).toBe(201);
  const subjects = (await (await instance.fetch('/api/v2/authorization/subjects', { headers: ADMIN_HEADERS })).json()) as { name: string; accessToken: string }[];
  return (adminToken = subjects.find((s) => s.name === 'watcher')!.accessToken);
}
