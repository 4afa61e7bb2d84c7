import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';

/**
 * The Prometheus metrics of one server (its own registry, so that several servers in one process
 * — the tests — do not share counters). Served at `/metrics` (docs/operations.md).
 */
@Injectable()
export class Metrics {
  readonly registry = new Registry();

  /** Every HTTP request, by route pattern (never the raw path: one series per route) and status. */
  readonly httpRequests = new Counter({
    name: 'nightscout_http_requests_total',
    help: 'HTTP requests answered, by method, route pattern and status',
    labelNames: ['method', 'route', 'status'] as const,
    registers: [this.registry],
  });

  readonly httpDuration = new Histogram({
    name: 'nightscout_http_request_duration_seconds',
    help: 'Time from request to response, by method and route pattern',
    labelNames: ['method', 'route'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });

  readonly socketConnections = new Gauge({
    name: 'nightscout_socket_connections',
    help: 'Connected sockets, by namespace',
    labelNames: ['namespace'] as const,
    registers: [this.registry],
  });

  /** One per emit: a broadcast to a room counts once, whatever the number of receivers. */
  readonly socketEventsEmitted = new Counter({
    name: 'nightscout_socket_events_emitted_total',
    help: 'Events the server emitted, by namespace and event (a broadcast counts once)',
    labelNames: ['namespace', 'event'] as const,
    registers: [this.registry],
  });

  readonly socketRejections = new Counter({
    name: 'nightscout_socket_rejections_total',
    help: 'Inbound socket events refused (rate limited, not authorized, not permitted, invalid payload, ...), by namespace, event and result',
    labelNames: ['namespace', 'event', 'result'] as const,
    registers: [this.registry],
  });

  readonly writeToEvent = new Histogram({
    name: 'nightscout_write_to_event_seconds',
    help: 'Time from a committed write to its event being emitted on a channel, by namespace',
    labelNames: ['namespace'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  readonly rateLimited = new Counter({
    name: 'nightscout_rate_limited_total',
    help: 'Requests, socket events and handshakes refused by a rate limit, by bucket',
    labelNames: ['bucket'] as const,
    registers: [this.registry],
  });

  readonly databaseErrors = new Counter({
    name: 'nightscout_database_errors_total',
    help: 'Database operations that failed, by kind (unavailable: no server reachable; other: any other database error)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
  });

  readonly databaseUp = new Gauge({
    name: 'nightscout_database_up',
    help: '1 while the database connection is up, 0 while it is lost',
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'nightscout_' });
  }
}
