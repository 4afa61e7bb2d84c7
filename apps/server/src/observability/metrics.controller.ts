import { Controller, Get, Header, UseGuards } from '@nestjs/common';
import { SkipThrottle } from '@nestjs/throttler';
import { NOT_THROTTLED } from '../throttling/throttling.module';
import { PERMISSIONS } from '@nightscout/protocol';
import { PermissionsGuard, RequirePermissions } from '../auth/permissions.guard';
import { Registry } from 'prom-client';
import { Operation, ok } from '../contracts/openapi-decorators';
import { Metrics } from './metrics';

/**
 * `GET /metrics` in Prometheus's text format. It needs `admin:api:metrics:read` (the API secret,
 * or a token whose role grants it): request rates and connection counts tell when a family is
 * awake, which an anonymous visitor of a public site should not learn (docs/operations.md).
 */
@Controller('metrics')
@UseGuards(PermissionsGuard)
@SkipThrottle(NOT_THROTTLED)
export class MetricsController {
  constructor(private readonly metrics: Metrics) {}

  @Get()
  @Operation('Prometheus metrics (docs/operations.md)', null, ok('The metrics in Prometheus text format', undefined, [Registry.PROMETHEUS_CONTENT_TYPE]))
  @RequirePermissions(PERMISSIONS.metricsRead)
  @Header('Cache-Control', 'no-store')
  @Header('Content-Type', Registry.PROMETHEUS_CONTENT_TYPE)
  async scrape(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
