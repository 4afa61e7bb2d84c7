import { Controller, Get, Inject } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { HealthCheck, HealthCheckService, HealthIndicatorService, type HealthCheckResult } from '@nestjs/terminus';
import { SkipThrottle } from '@nestjs/throttler';
import { NOT_THROTTLED } from '../throttling/throttling.module';
import type { Connection } from 'mongoose';
import { ClusterBus } from '../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Operation, ok, status } from '../contracts/openapi-decorators';
import { RateLimitStore } from '../throttling/rate-limit-store';

/** A probe answers within this, up or down; readiness turns 503 within it when the database dies. */
const PROBE_TIMEOUT_MS = 1500;

/**
 * Liveness and readiness for supervisors (Docker's health check, Kubernetes probes): public, not
 * rate limited, never redirected to HTTPS (docs/operations.md).
 */
@Controller('health')
@SkipThrottle(NOT_THROTTLED)
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    @InjectConnection() private readonly connection: Connection,
    private readonly rateLimits: RateLimitStore,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The process is up and its event loop turns: restart it only when this fails. */
  @Get('live')
  @HealthCheck()
  @Operation('Liveness: the process is up (docs/operations.md)', null, ok('Alive', { type: 'object', properties: { status: { enum: ['ok', 'error'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } } }))
  live(): Promise<HealthCheckResult> {
    return this.health.check([]);
  }

  /**
   * Can serve data: the database answers a ping (the driver's own reconnection makes this 200
   * again once it is back), and with `REDIS_URL` Redis answers and cross-instance delivery works
   * (`cluster`: not while Redis is lost, nor until this instance has reloaded what it may have missed).
   */
  @Get('ready')
  @HealthCheck()
  @Operation('Readiness: the database (and Redis and cross-instance delivery, when configured) answer (docs/operations.md)', null, ok('Ready', { type: 'object', properties: { status: { enum: ['ok', 'error'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } } }), status(503, 'Not ready: the failing check is in `error`', { type: 'object', properties: { status: { enum: ['ok', 'error'] }, info: { type: 'object' }, error: { type: 'object' }, details: { type: 'object' } } }))
  ready(): Promise<HealthCheckResult> {
    const database = () =>
      this.indicators
        .check('database')
        .attempt(async () => void (await this.connection.db!.admin().ping()))
        .withTimeout(PROBE_TIMEOUT_MS);
    const redis = () =>
      this.indicators
        .check('redis')
        .attempt(() => this.rateLimits.ping())
        .withTimeout(PROBE_TIMEOUT_MS);
    const cluster = () =>
      this.indicators.check('cluster').attempt(() => {
        if (!this.cluster.delivering) throw new Error('cross-instance delivery is down: this instance serves its own clients only');
      });
    return this.health.check(this.config.redisUrl ? [database, redis, cluster] : [database]);
  }
}
