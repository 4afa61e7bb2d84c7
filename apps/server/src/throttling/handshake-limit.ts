import type { Socket } from 'socket.io';
import type { RateLimiter } from './rate-limiter';

/**
 * socket.io namespace middleware limiting connection handshakes per client IP: Nest's throttler
 * guards only see events, not the handshake (nestjs/nest#12240).
 */
export function handshakeLimit(rateLimiter: RateLimiter): (socket: Socket, next: (error?: Error) => void) => void {
  return (socket, next) => {
    const ip = rateLimiter.clientIp(socket.handshake.address, socket.handshake.headers['x-forwarded-for']);
    rateLimiter.consume('handshake', ip).then(
      (decision) => next(decision.allowed ? undefined : new Error('Rate limited')),
      (error: unknown) => next(error instanceof Error ? error : new Error(String(error))),
    );
  };
}
