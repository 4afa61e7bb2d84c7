import { Logger } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RateLimiterMemory, RateLimiterRedis, type RateLimiterAbstract } from 'rate-limiter-flexible';

/** A fixed window of `points` events per `duration` seconds, counted under `keyPrefix`. */
export interface WindowOptions {
  keyPrefix: string;
  points: number;
  duration: number;
}

/**
 * Where every limit counts, HTTP guard and sockets alike: rate-limiter-flexible limiters in process
 * memory (each key lives for its window), or in Redis when instances share their clients
 * (`REDIS_URL`; one atomic script per hit). While Redis is unreachable each instance counts in its
 * own memory (the library's insurance limiter): limits stay on, per instance, and the data plane
 * never waits on Redis.
 */
export class RateLimitStore {
  private readonly logger = new Logger('RateLimit');
  private closing = false;
  private down = false;

  constructor(
    private readonly redis?: Redis,
    private readonly prefix = 'nightscout:rate:',
  ) {
    redis?.on('close', () => {
      if (this.closing || this.down) return;
      this.down = true;
      this.logger.error('Redis connection lost: rate limits are counted per instance until it is back');
    });
    redis?.on('ready', () => {
      if (!this.down) return;
      this.down = false;
      this.logger.log('Redis is back: rate limits are shared again');
    });
  }

  window(options: WindowOptions): RateLimiterAbstract {
    const memory = new RateLimiterMemory(options);
    if (!this.redis) return memory;
    return new RateLimiterRedis({ ...options, keyPrefix: this.prefix + options.keyPrefix, storeClient: this.redis, rejectIfRedisNotReady: true, insuranceLimiter: memory });
  }

  /** Resolves when Redis answers (for readiness); nothing to check without Redis. */
  async ping(): Promise<void> {
    await this.redis?.ping();
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.redis?.quit();
  }
}
