import { Global, Module, type ExecutionContext } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { ThrottlerModule, type ThrottlerModuleOptions } from '@nestjs/throttler';
import type { Request } from 'express';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { IdentityThrottlerGuard } from './identity-throttler.guard';
import { RateLimitStore } from './rate-limit-store';
import { RateLimitStoreModule } from './rate-limit-store.module';
import { RateLimiter } from './rate-limiter';
import { ThrottlerStorageAdapter } from './throttler-storage.adapter';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** `@SkipThrottle(NOT_THROTTLED)`: a route neither limit counts (probes and scrapes). */
export const NOT_THROTTLED = { read: true, write: true };

function throttlerOptions(store: RateLimitStore, config: AppConfig): ThrottlerModuleOptions {
  const { readPerMin, writePerMin } = config.rateLimits;
  const isWrite = (method: string) => WRITE_METHODS.has(method);
  const throttler = (name: string, limit: number, counts: (method: string) => boolean) => ({
    name,
    limit,
    ttl: 60_000,
    // Reads and writes have separate budgets; a limit of 0 is off.
    skipIf: (context: ExecutionContext) => limit === 0 || !counts(context.switchToHttp().getRequest<Request>().method),
  });
  return {
    storage: new ThrottlerStorageAdapter(store),
    setHeaders: false,
    throttlers: [throttler('read', readPerMin, (m) => !isWrite(m)), throttler('write', writePerMin, isWrite)],
  };
}

/** Rate limits: the global HTTP guard, and the RateLimiter the socket gateways call. */
@Global()
@Module({
  imports: [
    RateLimitStoreModule,
    ThrottlerModule.forRootAsync({ imports: [RateLimitStoreModule], inject: [RateLimitStore, APP_CONFIG], useFactory: throttlerOptions }),
  ],
  providers: [RateLimiter, { provide: APP_GUARD, useClass: IdentityThrottlerGuard }],
  exports: [RateLimiter],
})
export class ThrottlingModule {}
