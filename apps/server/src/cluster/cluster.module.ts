import { Global, Module, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { connectRedis } from '../throttling/redis-connection';
import { ChangeRelay } from './change-relay';
import { ClusterBus } from './cluster-bus';
import { SocketRedis } from './socket-redis';

/** What instances share through Redis (docs/scale-out.md); inert without `REDIS_URL`. */
@Global()
@Module({
  imports: [CqrsModule],
  providers: [
    {
      provide: ClusterBus,
      inject: [APP_CONFIG],
      useFactory: async (config: AppConfig): Promise<ClusterBus> => {
        if (!config.redisUrl) return new ClusterBus();
        const publisher = await connectRedis(config.redisUrl);
        // The reader's blocking reads wait out an outage instead of failing in a loop.
        const reader = await connectRedis(config.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: null });
        const bus = new ClusterBus({ publisher, reader }, config.redisKeyPrefix);
        // Before any state loads from the database: what it misses is read from the stream.
        await bus.start();
        return bus;
      },
    },
    {
      provide: SocketRedis,
      inject: [APP_CONFIG],
      // socket.io's adapter reads in a loop: with an offline queue it waits out an outage (one retry) instead of spinning.
      useFactory: async (config: AppConfig): Promise<SocketRedis> =>
        new SocketRedis(config.redisUrl ? await connectRedis(config.redisUrl, { enableOfflineQueue: true, maxRetriesPerRequest: 1 }) : undefined, config.redisKeyPrefix),
    },
    ChangeRelay,
  ],
  exports: [ClusterBus, SocketRedis],
})
export class ClusterModule implements OnApplicationBootstrap, OnApplicationShutdown {
  constructor(
    private readonly bus: ClusterBus,
    private readonly sockets: SocketRedis,
  ) {}

  onApplicationBootstrap(): void {
    this.bus.listen();
  }

  /** After the socket.io server has closed (Nest closes it before this hook). */
  async onApplicationShutdown(): Promise<void> {
    await this.bus.close();
    await this.sockets.close();
  }
}
