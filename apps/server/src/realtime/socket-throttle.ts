import { Injectable, Logger } from '@nestjs/common';
import type { RateLimitedAck, SocketRateLimit } from '@nightscout/protocol';
import type { Socket } from 'socket.io';
import type { Authorization } from '../auth/auth.service';
import { RateLimiter, handshakeLimit, throttleIdentity } from '../throttling';
import { socketIp } from './socket-handler';

/** What a gateway records on a socket once it knows who is behind it. */
export interface ThrottledSocketData {
  /** `admin` or `subject:<name>` after a successful authorize/subscribe. */
  identity?: string;
}

const socketLogger = new Logger('Socket');

/** Records who is behind a socket once its credentials resolved (its rate-limit identity); logged at debug. */
export function authorizeSocket(socket: Socket<never, never, never, ThrottledSocketData>, auth: Pick<Authorization, 'isApiSecret' | 'subject'>): void {
  socket.data.identity = throttleIdentity(auth);
  socketLogger.debug(`${socket.nsp.name} authorize ${socket.id}: ${socket.data.identity ?? 'default roles'}`);
}

/**
 * Rate limits inbound socket events per socket, then per identity (the subject, else the client
 * address; an identity gets several sockets' budget). An event its socket refuses does not count
 * against the identity, so one flooding socket cannot use up the budget of its owner's other
 * devices. A limited event gets the protocol's `Rate limited` acknowledgement and nothing is done;
 * a socket that keeps sending past its own limit is disconnected.
 */
@Injectable()
export class SocketThrottle {
  private readonly logger = new Logger('SocketThrottle');

  constructor(private readonly limiter: RateLimiter) {}

  /** Namespace middleware limiting connection handshakes per client address. */
  handshake(): ReturnType<typeof handshakeLimit> {
    return handshakeLimit(this.limiter);
  }

  /** The acknowledgement to send when the event is limited, or undefined when it may run. */
  async check(socket: Socket<never, never, never, ThrottledSocketData>, bucket: SocketRateLimit): Promise<RateLimitedAck | undefined> {
    const own = await this.limiter.consume(bucket, `socket:${socket.nsp.name}:${socket.id}`);
    if (!own.allowed) {
      if (own.disconnect) {
        this.logger.warn(`disconnecting ${socketIp(socket)} (${socket.id}): it kept sending ${bucket} events past the limit`);
        setImmediate(() => socket.disconnect(true));
      }
      return { result: 'Rate limited', retryAfterMs: own.retryAfterMs };
    }
    const ip = this.limiter.clientIp(socketIp(socket), socket.handshake.headers['x-forwarded-for']);
    const identity = await this.limiter.consume(bucket === 'socket-write' ? 'identity-write' : 'identity-read', socket.data.identity ?? `ip:${ip}`);
    // Not the socket's fault alone: it is not disconnected for its identity's budget.
    return identity.allowed ? undefined : { result: 'Rate limited', retryAfterMs: identity.retryAfterMs };
  }
}
