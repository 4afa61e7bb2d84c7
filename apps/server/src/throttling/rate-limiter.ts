import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { clientIp, proxyTrust, type ProxyTrust } from './client-ip';
import { RATE_LIMIT_STORE, type RateLimitStore } from './rate-limit-store';
import { logRejection } from './rejection-log';

export type RateLimitBucket = 'socket-write' | 'socket-read' | 'identity-write' | 'identity-read' | 'handshake';

/**
 * One identity (the API secret's holders share `admin`) may use several sockets — the uploader,
 * AndroidAPS, the careportal — so its budget is this many sockets' worth.
 */
export const IDENTITY_SOCKETS = 5;

export type RateLimitDecision = { allowed: true } | { allowed: false; retryAfterMs: number; disconnect: boolean };

interface Rule {
  limit: number;
  windowMs: number;
}

const ALLOWED: RateLimitDecision = { allowed: true };

/** Limits for socket events and handshakes; gateways choose the key (socket id, identity, IP). */
@Injectable()
export class RateLimiter {
  private readonly rules: Record<RateLimitBucket, Rule>;
  private readonly floodRejections: number;
  private readonly trust: ProxyTrust;

  constructor(
    @Inject(RATE_LIMIT_STORE) private readonly store: RateLimitStore,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    const { socketWritesPer10s, socketReadsPer10s, handshakesPerMin, floodRejections } = config.rateLimits;
    this.rules = {
      'socket-write': { limit: socketWritesPer10s, windowMs: 10_000 },
      'socket-read': { limit: socketReadsPer10s, windowMs: 10_000 },
      'identity-write': { limit: socketWritesPer10s * IDENTITY_SOCKETS, windowMs: 10_000 },
      'identity-read': { limit: socketReadsPer10s * IDENTITY_SOCKETS, windowMs: 10_000 },
      handshake: { limit: handshakesPerMin, windowMs: 60_000 },
    };
    this.floodRejections = floodRejections;
    this.trust = proxyTrust(config.trustProxy);
  }

  /** Counts one event of `key`; past the limit says how long to wait and whether to disconnect a flooder. */
  async consume(bucket: RateLimitBucket, key: string): Promise<RateLimitDecision> {
    const { limit, windowMs } = this.rules[bucket];
    if (limit === 0) return ALLOWED;
    const { count, resetInMs } = await this.store.hit(`${bucket}:${key}`, windowMs);
    if (count <= limit) return ALLOWED;
    const rejections = count - limit;
    logRejection(bucket, key, rejections, resetInMs, this.floodRejections);
    return { allowed: false, retryAfterMs: resetInMs, disconnect: rejections > this.floodRejections };
  }

  /** The client address of a socket handshake, trusting X-Forwarded-For only as `TRUST_PROXY` says. */
  clientIp(peer: string, forwardedFor: string | string[] | undefined): string {
    return clientIp(peer, forwardedFor, this.trust);
  }
}
