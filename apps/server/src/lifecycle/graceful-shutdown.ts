import type { INestApplication } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import type { IncomingMessage, Server, ServerResponse } from 'node:http';

/** socket.io's own requests (long polls) end when socket.io closes, not here. */
const isEngineIo = (req: IncomingMessage) => req.url?.startsWith('/socket.io/') ?? false;

/**
 * Ends HTTP traffic in a bounded time: stop listening, close idle keep-alive connections, let the
 * requests in flight finish (answered with `Connection: close`, so their connections end after
 * them) for a grace period, then close whatever is left — a stalled upload included. A request
 * arriving meanwhile on an open connection gets 503 with `Connection: close`.
 */
class HttpDrain {
  private draining = false;
  private readonly inFlight = new Set<ServerResponse>();
  private settled?: () => void;

  constructor(private readonly server: Server) {
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      if (isEngineIo(req)) return;
      this.inFlight.add(res);
      res.once('close', () => this.finished(res));
    });
  }

  readonly refuseWhileDraining = (_req: Request, res: Response, next: NextFunction): void => {
    if (!this.draining) return next();
    res.setHeader('Connection', 'close');
    res.setHeader('Retry-After', '5');
    res.status(503).json({ status: 503, message: 'Server is shutting down' });
  };

  async drain(graceMs: number): Promise<void> {
    this.draining = true;
    this.server.close();
    this.server.closeIdleConnections();
    for (const res of this.inFlight) if (!res.headersSent) res.setHeader('Connection', 'close');
    if (this.inFlight.size > 0) {
      let timer: NodeJS.Timeout | undefined;
      await new Promise<void>((resolve) => {
        this.settled = resolve;
        timer = setTimeout(resolve, graceMs);
      });
      clearTimeout(timer);
    }
    this.server.closeAllConnections();
  }

  private finished(res: ServerResponse): void {
    this.inFlight.delete(res);
    if (!this.draining) return;
    // Its connection may now be idle (a response that had already sent its headers kept it open).
    this.server.closeIdleConnections();
    if (this.inFlight.size === 0) this.settled?.();
  }
}

const drains = new WeakMap<INestApplication, HttpDrain>();

/** Tracks the app's requests from now on; returns the middleware that refuses new ones while stopping. */
export function trackRequests(app: INestApplication): (req: Request, res: Response, next: NextFunction) => void {
  const drain = new HttpDrain(app.getHttpServer());
  drains.set(app, drain);
  return drain.refuseWhileDraining;
}

/**
 * Stops the app: HTTP drained within `graceMs` (above), then Nest's shutdown (sockets disconnected
 * with a close frame, database and Redis connections closed).
 */
export async function shutdownApp(app: INestApplication, graceMs: number): Promise<void> {
  await drains.get(app)?.drain(graceMs);
  await app.close();
}
