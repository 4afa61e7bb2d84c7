import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { RateLimiter } from '../src/throttling/rate-limiter';
import { RedisRateLimitStore, connectRedis } from '../src/throttling/redis-rate-limit-store';
import { startTestServer } from './support/test-server';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

describe('RedisRateLimitStore against a real Redis', () => {
  let stores: RedisRateLimitStore[];
  const key = () => `test:${randomUUID()}`;
  beforeAll(async () => {
    // Two instances sharing one Redis, as two server processes would.
    stores = [new RedisRateLimitStore(await connectRedis(REDIS_URL)), new RedisRateLimitStore(await connectRedis(REDIS_URL))];
  });
  afterAll(() => Promise.all(stores.map((s) => s.close())));

  it('counts hits of every instance in one window', async () => {
    const k = key();
    expect((await stores[0].hit(k, 10_000)).count).toBe(1);
    const second = await stores[1].hit(k, 10_000);
    expect(second.count).toBe(2);
    expect(second.resetInMs).toBeGreaterThan(9_000);
    expect(second.resetInMs).toBeLessThanOrEqual(10_000);
  });

  it('starts a new window once the old one has expired', async () => {
    const k = key();
    await stores[0].hit(k, 100);
    await stores[0].hit(k, 100);
    await new Promise((r) => setTimeout(r, 150));
    expect((await stores[0].hit(k, 100)).count).toBe(1);
  });

  it('counts every hit of a concurrent burst exactly once', async () => {
    const k = key();
    const counts = await Promise.all(Array.from({ length: 50 }, (_, i) => stores[i % 2].hit(k, 10_000)));
    expect(counts.map((c) => c.count).sort((a, b) => a - b)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
  });
});

describe('servers with REDIS_URL', () => {
  it('share their socket limits and close their connection on shutdown', async () => {
    const servers = await Promise.all([1, 2].map(() => startTestServer({ REDIS_URL, RATE_LIMIT_SOCKET_WRITES_PER_10S: '2' })));
    try {
      const key = randomUUID();
      const [a, b] = servers.map((s) => s.app.get(RateLimiter));
      expect(await a.consume('socket-write', key)).toEqual({ allowed: true });
      expect(await b.consume('socket-write', key)).toEqual({ allowed: true });
      expect(await a.consume('socket-write', key)).toMatchObject({ allowed: false, disconnect: false });
    } finally {
      await Promise.all(servers.map((s) => s.close()));
    }
  });

  it('refuses to start when Redis cannot be reached', async () => {
    await expect(connectRedis('redis://127.0.0.1:1')).rejects.toThrow(/REDIS_URL cannot be reached/);
  });
});

describe('RedisRateLimitStore when Redis fails', () => {
  it('lets traffic through rather than taking the data plane down, and says so once', async () => {
    const error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
    const failing = { eval: () => Promise.reject(new Error('connection refused')), quit: () => Promise.resolve('OK') };
    const store = new RedisRateLimitStore(failing);
    expect(await store.hit('k', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
    expect(await store.hit('k', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
    expect(error).toHaveBeenCalledTimes(1);
    error.mockRestore();
  });
});
