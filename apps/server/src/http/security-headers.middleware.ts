import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The few headers that matter for a JSON API (helmet is not a dependency): no sniffing, no framing,
 * no referrer leaks. Plain Node types, so that Express and socket.io's Engine.IO both run it.
 */
export function securityHeaders(_req: IncomingMessage, res: ServerResponse, next: () => void): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}
