import { Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit-store';
import { RedisRateLimitStore, connectRedis } from './redis-rate-limit-store';

/**
 * The store, in its own module so that ThrottlerModule.forRootAsync can import it: a Redis
 * connection opened at import time would keep Jest (and shutdown) from finishing.
 */
@Module({
  providers: [
    {
      provide: RATE_LIMIT_STORE,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<RateLimitStore> =>
        config.redisUrl ? new RedisRateLimitStore(await connectRedis(config.redisUrl)) : new MemoryRateLimitStore(),
    },
  ],
  exports: [RATE_LIMIT_STORE],
})
export class RateLimitStoreModule implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
