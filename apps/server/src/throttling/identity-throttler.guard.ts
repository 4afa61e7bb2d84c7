import { HttpException, HttpStatus, Inject, Injectable, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectThrottlerOptions, InjectThrottlerStorage, ThrottlerGuard, normalizeIp, type ThrottlerLimitDetail, type ThrottlerModuleOptions, type ThrottlerStorage } from '@nestjs/throttler';
import type { Request, Response } from 'express';
import { AuthService } from '../auth/auth.service';
import { credentialsFromRequest } from '../auth/http-credentials';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { throttleIdentity } from './identity';
import { logRejection } from './rejection-log';

/**
 * The global HTTP throttler: one budget per client across all routes (not per route), keyed by
 * identity when the request authenticates (so clients behind one NAT do not share a budget) and by
 * client IP otherwise (`req.ip`, which honours `TRUST_PROXY`).
 */
@Injectable()
export class IdentityThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    reflector: Reflector,
    private readonly auth: AuthService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly metrics: Metrics,
  ) {
    super(options, storage, reflector);
  }

  protected override async getTracker(req: Request): Promise<string> {
    // Only who the credentials name: the route's own guard resolves them (delay, failure bookkeeping) once.
    const credentials = credentialsFromRequest(req, { keepBody: true });
    return throttleIdentity(credentials === 'malformed' ? undefined : this.auth.identify(credentials)) ?? `ip:${normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown')}`;
  }

  protected override generateKey(_context: ExecutionContext, tracker: string, throttlerName: string): string {
    return `http-${throttlerName}:${tracker}`;
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfterMs = detail.timeToBlockExpire * 1000;
    const bucket = detail.key.split(':')[0];
    this.metrics.rateLimited.inc({ bucket });
    logRejection(bucket, detail.tracker, detail.totalHits - detail.limit, retryAfterMs, this.config.rateLimits.floodRejections);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', detail.timeToBlockExpire);
    throw new HttpException({ status: HttpStatus.TOO_MANY_REQUESTS, message: 'Too Many Requests', retryAfterMs }, HttpStatus.TOO_MANY_REQUESTS);
  }
}
