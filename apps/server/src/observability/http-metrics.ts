import type { NextFunction, Request, Response } from 'express';
import type { Metrics } from './metrics';

/** The route pattern that answered (`/api/v3/:collection`), never the raw path: one series per route. */
const routeOf = (req: Request): string => (req.route ? `${req.baseUrl}${String(req.route.path)}` : 'none');

/** Counts every HTTP request when its response ends (or its connection closes first: status `aborted`). */
export function httpMetrics(metrics: Metrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const stopTimer = metrics.httpDuration.startTimer();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const route = routeOf(req);
      metrics.httpRequests.inc({ method: req.method, route, status: res.writableFinished ? String(res.statusCode) : 'aborted' });
      stopTimer({ method: req.method, route });
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  };
}
