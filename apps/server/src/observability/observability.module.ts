import { Global, Module, type DynamicModule } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import type { Logger } from 'pino';
import { RateLimitStoreModule } from '../throttling/rate-limit-store.module';
import { DatabaseMonitor } from './database-monitor';
import { HealthController } from './health.controller';
import { Metrics } from './metrics';
import { MetricsController } from './metrics.controller';

/** The process's pino logger, for code that logs structured fields itself. */
export const ROOT_LOGGER = Symbol('ROOT_LOGGER');

/** Logs, metrics and health: what an operator watches (docs/operations.md). */
@Global()
@Module({})
export class ObservabilityModule {
  static forRoot(logger: Logger): DynamicModule {
    return {
      module: ObservabilityModule,
      // A failed readiness probe is already logged once as its request (503); Terminus would add a second line.
      imports: [TerminusModule.forRoot({ logger: false }), RateLimitStoreModule],
      controllers: [HealthController, MetricsController],
      providers: [Metrics, DatabaseMonitor, { provide: ROOT_LOGGER, useValue: logger }],
      exports: [Metrics, ROOT_LOGGER],
    };
  }
}
