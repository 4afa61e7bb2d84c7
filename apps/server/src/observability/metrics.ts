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
  readonly httpRequests = this.counter('nightscout_http_requests_total', 'HTTP requests answered, by method, route pattern and status', ['method', 'route', 'status']);

  readonly httpDuration = this.histogram('nightscout_http_request_duration_seconds', 'Time from request to response, by method and route pattern', ['method', 'route'], [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]);

  readonly socketConnections = this.gauge('nightscout_socket_connections', 'Connected sockets, by namespace', ['namespace']);

  /** One per emit: a broadcast to a room counts once, whatever the number of receivers. */
  readonly socketEventsEmitted = this.counter('nightscout_socket_events_emitted_total', 'Events the server emitted, by namespace and event (a broadcast counts once)', ['namespace', 'event']);

  readonly socketRejections = this.counter('nightscout_socket_rejections_total', 'Inbound socket events refused (rate limited, not authorized, not permitted, invalid payload, ...), by namespace, event and result', ['namespace', 'event', 'result']);

  readonly writeToEvent = this.histogram('nightscout_write_to_event_seconds', 'Time from a committed write to its event being emitted on a channel, by namespace', ['namespace'], [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5]);

  readonly rateLimited = this.counter('nightscout_rate_limited_total', 'Requests, socket events and handshakes refused by a rate limit, by bucket', ['bucket']);

  readonly databaseErrors = this.counter('nightscout_database_errors_total', 'Database operations that failed, by kind (unavailable: no server reachable; busy: the embedded database could not take its write lock; other: any other database error)', ['kind']);

  readonly databaseUp = this.gauge('nightscout_database_up', '1 while the database connection is up, 0 while it is lost', []);

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'nightscout_' });
  }

  private counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  private gauge<L extends string>(name: string, help: string, labelNames: readonly L[]): Gauge<L> {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  private histogram<L extends string>(name: string, help: string, labelNames: readonly L[], buckets: number[]): Histogram<L> {
    return new Histogram({ name, help, labelNames, buckets, registers: [this.registry] });
  }
}
