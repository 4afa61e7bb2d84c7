import { Module, type OnApplicationShutdown } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { RateLimitStore } from './rate-limit-store';
import { connectRedis } from './redis-connection';

/**
 * The store, in its own module so that ThrottlerModule.forRootAsync can import it: a Redis
 * connection opened at import time would keep Jest (and shutdown) from finishing.
 */
@Module({
  providers: [
    {
      provide: RateLimitStore,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<RateLimitStore> => new RateLimitStore(config.redisUrl ? await connectRedis(config.redisUrl) : undefined, `${config.redisKeyPrefix}rate:`),
    },
  ],
  exports: [RateLimitStore],
})
export class RateLimitStoreModule implements OnApplicationShutdown {
  constructor(private readonly store: RateLimitStore) {}

  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
