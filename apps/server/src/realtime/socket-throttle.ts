import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { RateLimitedAck } from '@nightscout/protocol';
import type { Socket } from 'socket.io';
import { socketIp } from './socket-handler';

export type SocketBucket = 'socket-write' | 'socket-read';
export type RateDecision = { allowed: true } | { allowed: false; retryAfterMs: number; disconnect: boolean };

/** What the throttling module provides: a limiter over named buckets and keys. */
export interface RateLimiterPort {
  consume(bucket: SocketBucket, key: string): Promise<RateDecision>;
}
export const RATE_LIMITER = Symbol('RATE_LIMITER');

/**
 * Rate limits inbound socket events per socket: a limited event gets the protocol's
 * `Rate limited` acknowledgement and nothing is done; a client that keeps flooding is disconnected.
 */
@Injectable()
export class SocketThrottle {
  private readonly logger = new Logger('SocketThrottle');

  constructor(@Optional() @Inject(RATE_LIMITER) private readonly limiter?: RateLimiterPort) {}

  /** The acknowledgement to send when the event is limited, or undefined when it may run. */
  async check(socket: Socket, bucket: SocketBucket): Promise<RateLimitedAck | undefined> {
    if (!this.limiter) return undefined;
    const decision = await this.limiter.consume(bucket, `${socket.nsp.name}:${socket.id}`);
    if (decision.allowed) return undefined;
    this.logger.warn(`${bucket} limited for ${socketIp(socket)} (${socket.id})${decision.disconnect ? ', disconnecting' : ''}`);
    if (decision.disconnect) setImmediate(() => socket.disconnect(true));
    return { result: 'Rate limited', retryAfterMs: decision.retryAfterMs };
  }
}
