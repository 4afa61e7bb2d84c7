import type { NextFunction, Request, Response } from 'express';

const LOOPBACK = /^(127\.|::1$|::ffff:127\.)/;

/**
 * Without `INSECURE_USE_HTTP`, plain-HTTP requests get 307 to HTTPS and HTTPS responses an HSTS
 * header, as in the reference. Requests from loopback are served as they come, so a local quick
 * start and health checks work; a remote client is still redirected.
 */
export function httpsRedirect(req: Request, res: Response, next: NextFunction): void {
  const secure = req.secure || req.headers['x-forwarded-proto'] === 'https';
  if (secure) {
    res.setHeader('Strict-Transport-Security', 'max-age=31536000');
    return next();
  }
  if (LOOPBACK.test(req.socket.remoteAddress ?? '')) return next();
  res.redirect(307, `https://${req.headers.host ?? 'localhost'}${req.originalUrl}`);
}
