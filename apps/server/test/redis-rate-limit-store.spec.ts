import { Logger } from '@nestjs/common';
import { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RateLimitStore } from '../src/throttling/rate-limit-store';
import { RateLimiter } from '../src/throttling/rate-limiter';
import { connectRedis } from '../src/throttling/redis-connection';
import { startTestServer } from './support/test-server';

// The jest global setup starts a redis-server of its own (test/support/redis-server.ts).
const REDIS_URL = process.env.TEST_REDIS_URL ?? '';
if (!REDIS_URL) throw new Error('No Redis for this suite: install redis-server (the global setup starts one) or set TEST_REDIS_URL');

/** Counts of `consume` that passed and that were refused. */
async function tally(consumes: Promise<unknown>[]): Promise<{ passed: number; refused: number }> {
  const settled = await Promise.allSettled(consumes);
  const passed = settled.filter((s) => s.status === 'fulfilled').length;
  return { passed, refused: settled.length - passed };
}

describe('RateLimitStore against a real Redis', () => {
  let stores: RateLimitStore[];
  // A prefix of this run, in case TEST_REDIS_URL names a shared Redis.
  const prefix = `test:${randomUUID()}:`;
  beforeAll(async () => {
    // Two instances sharing one Redis, as two server processes would.
    stores = [new RateLimitStore(await connectRedis(REDIS_URL), prefix), new RateLimitStore(await connectRedis(REDIS_URL), prefix)];
  });
  afterAll(() => Promise.all(stores.map((s) => s.close())));

  it('counts the hits of every instance in one window', async () => {
    const [a, b] = stores.map((s) => s.window({ keyPrefix: 'w', points: 3, duration: 10 }));
    const key = randomUUID();
    expect((await a.consume(key)).consumedPoints).toBe(1);
    const second = await b.consume(key);
    expect(second.consumedPoints).toBe(2);
    expect(second.msBeforeNext).toBeGreaterThan(9_000);
    expect(second.msBeforeNext).toBeLessThanOrEqual(10_000);
  });

  it('counts every hit of a concurrent burst exactly once, across instances', async () => {
    const windows = stores.map((s) => s.window({ keyPrefix: 'burst', points: 20, duration: 10 }));
    const key = randomUUID();
    expect(await tally(Array.from({ length: 50 }, (_, i) => windows[i % 2].consume(key)))).toEqual({ passed: 20, refused: 30 });
  });
});

describe('servers with REDIS_URL', () => {
  it('share their socket limits, burst and sustained rate, and close their connection on shutdown', async () => {
    const servers = await Promise.all([1, 2].map(() => startTestServer({ REDIS_URL, RATE_LIMIT_SOCKET_WRITES_PER_10S: '20' })));
    try {
      const key = randomUUID();
      const [a, b] = servers.map((s) => s.app.get(RateLimiter));
      const decisions = await Promise.all(Array.from({ length: 30 }, (_, i) => [a, b][i % 2].consume('socket-write', key)));
      expect(decisions.filter((d) => d.allowed)).toHaveLength(20);
      expect(decisions.find((d) => !d.allowed)).toMatchObject({ allowed: false, disconnect: false, retryAfterMs: expect.any(Number) });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(connectRedis('redis://127.0.0.1:1')).rejects.toThrow(/REDIS_URL cannot be reached/);
  });
});

describe('RateLimitStore when Redis is unreachable', () => {
  it('keeps limiting, in the instance’s memory, and says so once', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const unreachable = new Redis('redis://127.0.0.1:1', { lazyConnect: true, enableOfflineQueue: false, retryStrategy: () => null });
    unreachable.on('error', () => undefined);
    const store = new RateLimitStore(unreachable, `test:${randomUUID()}:`);
    const window = store.window({ keyPrefix: 'down', points: 2, duration: 10 });
    expect(await tally([1, 2, 3].map(() => window.consume('k')))).toEqual({ passed: 2, refused: 1 });
    await unreachable.connect().catch(() => undefined);
    unreachable.emit('close');
    unreachable.emit('close');
    expect(error.mock.calls.map(([message]) => message)).toEqual(['Redis connection lost: rate limits are counted per instance until it is back']);
    error.mockRestore();
    unreachable.disconnect();
  });
});
