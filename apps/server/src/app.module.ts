import { Module, type DynamicModule } from '@nestjs/common';
import type { Logger } from 'pino';
import { CqrsModule } from '@nestjs/cqrs';
import { ApiV1Module } from './api-v1/api-v1.module';
import { ApiV3Module } from './api-v3/api-v3.module';
import { AuthModule } from './auth/auth.module';
import type { AppConfig } from './config/app-config';
import { ClusterModule } from './cluster/cluster.module';
import { ConfigModule } from './config/config.module';
import { ContractsModule } from './contracts/contracts.module';
import { FollowersModule } from './followers/followers.module';
import { ObservabilityModule } from './observability/observability.module';
import { ReadModelModule } from './read-model/read-model.module';
import { RealtimeModule } from './realtime/realtime.module';
import { StatusModule } from './status/status.module';
import { StorageModule } from './storage/storage.module';
import { ThrottlingModule } from './throttling/throttling.module';
import { WebModule } from './web/web.module';
import { WritesModule } from './writes/writes.module';

@Module({})
export class AppModule {
  static forRoot(config: AppConfig, mongoUri: string, logger: Logger): DynamicModule {
    return {
      module: AppModule,
      // ApiV3Module after StatusModule and ContractsModule: its catch-all 404 and `:collection` routes must not shadow
      // /api/v3/version and /api/v3/swagger.json.
      imports: [
        ConfigModule.forRoot(config),
        ObservabilityModule.forRoot(logger),
        StorageModule.forRoot(mongoUri),
        CqrsModule.forRoot(),
        ClusterModule,
        WritesModule,
        ReadModelModule,
        AuthModule,
        ThrottlingModule,
        StatusModule,
        RealtimeModule,
        FollowersModule,
        ContractsModule,
        ApiV1Module,
        ApiV3Module,
        WebModule.forRoot(),
      ],
    };
  }
}
