import { Inject, Injectable, Optional } from '@nestjs/common';
import { BurstyRateLimiter, RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { Metrics } from '../observability/metrics';
import { clientIp, proxyTrust, type ProxyTrust } from './client-ip';
import { RateLimitStore } from './rate-limit-store';
import { logRejection } from './rejection-log';

export type RateLimitBucket = 'socket-write' | 'socket-read' | 'identity-write' | 'identity-read' | 'handshake';

/**
 * One identity (the API secret's holders share `admin`) may use several sockets — the uploader,
 * AndroidAPS, the careportal — so its budget is this many sockets' worth.
 */
export const IDENTITY_SOCKETS = 5;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number; disconnect: boolean };

const ALLOWED: RateLimitDecision = { allowed: true };

/**
 * `limit` events per `windowS` as a burst of `limit`, then `limit / windowS` a second: the
 * library's BurstyRateLimiter (its replacement for a token bucket), a one-second (or longer, below
 * one a second) limiter with a burst allowance that comes back every window. A client that waits
 * the `retryAfterMs` it is told waits at most for the next sustained slot, not for a whole window.
 */
class Budget {
  readonly limiter: BurstyRateLimiter;
  /** Rejections per key and window: past `floodRejections` the key is a flooder. */
  readonly rejections: RateLimiterAbstract;

  constructor(store: RateLimitStore, bucket: RateLimitBucket, limit: number, windowS: number, floodRejections: number) {
    const perSecond = limit / windowS;
    const sustained = perSecond >= 1 ? { points: Math.floor(perSecond), duration: 1 } : { points: 1, duration: Math.ceil(1 / perSecond) };
    this.limiter = new BurstyRateLimiter(
      store.window({ keyPrefix: bucket, ...sustained }),
      store.window({ keyPrefix: `${bucket}-burst`, points: limit - sustained.points, duration: windowS }),
    );
    this.rejections = store.window({ keyPrefix: `${bucket}-rejected`, points: floodRejections, duration: windowS });
  }
}

/** Limits for socket events and handshakes; gateways choose the key (socket id, identity, IP). */
@Injectable()
export class RateLimiter {
  private readonly budgets = new Map<RateLimitBucket, Budget>();
  private readonly floodRejections: number;
  private readonly trust: ProxyTrust;

  constructor(
    store: RateLimitStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Optional() private readonly metrics?: Metrics,
  ) {
    const { socketWritesPer10s, socketReadsPer10s, handshakesPerMin, floodRejections } = config.rateLimits;
    const rules: [RateLimitBucket, number, number][] = [
      ['socket-write', socketWritesPer10s, 10],
      ['socket-read', socketReadsPer10s, 10],
      ['identity-write', socketWritesPer10s * IDENTITY_SOCKETS, 10],
      ['identity-read', socketReadsPer10s * IDENTITY_SOCKETS, 10],
      ['handshake', handshakesPerMin, 60],
    ];
    // A limit of 0 is off: no budget, nothing counted.
    for (const [bucket, limit, windowS] of rules) if (limit > 0) this.budgets.set(bucket, new Budget(store, bucket, limit, windowS, floodRejections));
    this.floodRejections = floodRejections;
    this.trust = proxyTrust(config.trustProxy);
  }

  /** Counts one event of `key`; past the limit says how long to wait and whether to disconnect a flooder. */
  async consume(bucket: RateLimitBucket, key: string): Promise<RateLimitDecision> {
    const budget = this.budgets.get(bucket);
    if (!budget) return ALLOWED;
    try {
      await budget.limiter.consume(key);
      return ALLOWED;
    } catch (refusal) {
      if (!(refusal instanceof RateLimiterRes)) throw refusal;
      const retryAfterMs = Math.max(1, refusal.msBeforeNext);
      const rejections = await countOf(budget.rejections, key);
      logRejection(bucket, key, rejections, retryAfterMs, this.floodRejections);
      this.metrics?.rateLimited.inc({ bucket });
      return { allowed: false, retryAfterMs, disconnect: rejections > this.floodRejections };
    }
  }

  /** The client address of a socket handshake, trusting X-Forwarded-For only as `TRUST_PROXY` says. */
  clientIp(peer: string, forwardedFor: string | string[] | undefined): string {
    return clientIp(peer, forwardedFor, this.trust);
  }
}

/** Counts one event and returns the count in the window, whether or not it is past the points. */
async function countOf(window: RateLimiterAbstract, key: string): Promise<number> {
  try {
    return (await window.consume(key)).consumedPoints;
  } catch (over) {
    if (over instanceof RateLimiterRes) return over.consumedPoints;
    throw over;
  }
}
