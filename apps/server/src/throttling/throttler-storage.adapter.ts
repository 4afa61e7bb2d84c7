import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { RateLimitStore } from './rate-limit-store';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * @nestjs/throttler's storage over our store, so HTTP and sockets count in one place. HTTP limits
 * are fixed windows of a minute: a limited client waits for the end of its window, whatever
 * `blockDuration` says.
 */
export class ThrottlerStorageAdapter implements ThrottlerStorage {
  private readonly windows = new Map<string, RateLimiterAbstract>();

  constructor(private readonly store: RateLimitStore) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const name = `http-${throttlerName}-${limit}-${ttl}`;
    let window = this.windows.get(name);
    if (!window) this.windows.set(name, (window = this.store.window({ keyPrefix: name, points: limit, duration: Math.ceil(ttl / 1000) })));
    let res: RateLimiterRes;
    let isBlocked = false;
    try {
      res = await window.consume(key);
    } catch (error) {
      if (!(error instanceof RateLimiterRes)) throw error;
      res = error;
      isBlocked = true;
    }
    const seconds = Math.ceil(res.msBeforeNext / 1000);
    return { totalHits: res.consumedPoints, timeToExpire: seconds, isBlocked, timeToBlockExpire: isBlocked ? seconds : 0 };
  }
}
