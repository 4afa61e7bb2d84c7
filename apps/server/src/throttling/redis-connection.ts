import { Redis, type RedisOptions } from 'ioredis';
import { ConfigError } from '../config/config-error';

/**
 * A connected ioredis client for `url`. Commands fail at once while Redis is down (no offline
 * queue, unless `overrides` asks for one) so that requests never wait on it; the store then counts in memory.
 */
export async function connectRedis(url: string, overrides: RedisOptions = {}): Promise<Redis> {
  let connected = false;
  const client = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    // Reconnect after an outage, but not when the first connection fails: start-up reports it.
    retryStrategy: (attempt: number) => (connected ? Math.min(attempt * 200, 2_000) : null),
    ...overrides,
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
