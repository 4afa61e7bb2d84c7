import { Redis } from 'ioredis';
import { Logger } from '@nestjs/common';
import { ConfigError } from '../config/config-error';
import type { RateLimitStore, WindowHits } from './rate-limit-store';

/** The part of an ioredis client this store uses, so that tests and other clients can stand in. */
export interface RedisScriptClient {
  eval(script: string, numKeys: number, ...args: (string | number)[]): Promise<unknown>;
  quit(): Promise<unknown>;
}

// One round trip, atomic across instances: count, start the window on the first hit, and repair a
// key that lost its expiry (it would otherwise block its client forever).
const HIT = `
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then redis.call('PEXPIRE', KEYS[1], ARGV[1]); ttl = tonumber(ARGV[1]) end
return {count, ttl}`;

/**
 * Fixed-window counters shared by every instance through Redis; Redis expires ended windows.
 * While Redis fails, every hit counts as the first (limits are off, the data plane stays up) and
 * the outage is logged once.
 */
export class RedisRateLimitStore implements RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private failing = false;

  constructor(
    private readonly redis: RedisScriptClient,
    private readonly prefix = 'nightscout:rate:',
  ) {}

  async hit(key: string, windowMs: number): Promise<WindowHits> {
    try {
      const [count, ttl] = (await this.redis.eval(HIT, 1, this.prefix + key, windowMs)) as [number, number];
      this.failing = false;
      return { count, resetInMs: ttl };
    } catch (error) {
      if (!this.failing) this.logger.error(`Redis unavailable, rate limits not enforced: ${(error as Error).message}`);
      this.failing = true;
      return { count: 1, resetInMs: windowMs };
    }
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

/**
 * A connected ioredis client for `url`. Commands fail at once while Redis is down (no offline
 * queue) so that requests never wait on it; the store logs that.
 */
export async function connectRedis(url: string): Promise<RedisScriptClient> {
  let connected = false;
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Reconnect after an outage, but not when the first connection fails: start-up reports it.
    retryStrategy: (attempt: number) => (connected ? Math.min(attempt * 200, 2_000) : null),
  });
  client.on('error', () => undefined);
  try {
    await client.connect();
  } catch (error) {
    throw new ConfigError('REDIS_URL', `cannot be reached (${(error as Error).message})`);
  }
  connected = true;
  return client;
}
