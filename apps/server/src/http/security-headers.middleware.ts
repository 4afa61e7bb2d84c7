import type { NextFunction, Request, Response } from 'express';

/** The few headers that matter for a JSON API (helmet is not a dependency): no sniffing, no framing, no referrer leaks. */
export function securityHeaders(_req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('X-Frame-Options', 'SAMEORIGIN');
  res.setHeader('Referrer-Policy', 'no-referrer');
  next();
}
