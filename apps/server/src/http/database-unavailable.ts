import { HttpException } from '@nestjs/common';
import type { Response } from 'express';
import type { Metrics } from '../observability/metrics';
import { DATABASE_RETRY_AFTER_S, DATABASE_UNAVAILABLE_MESSAGE, databaseErrorKind, isTransientDatabaseError } from '../storage/database-errors';

/**
 * What a route's error becomes on the way out: database errors are counted by kind, and while no
 * database server can be reached or the embedded one is busy the answer is 503 with `Retry-After`
 * (instead of a 500): clients retry, and nothing needs a restart once the driver has reconnected.
 * Done in the exception filters, not in an interceptor, so that a request that succeeds does not
 * pay for an error path (docs/performance.md, "Profile findings").
 */
export function asHttpError(error: unknown, res: Response, metrics: Metrics): unknown {
  if (error instanceof HttpException) return error;
  const kind = databaseErrorKind(error);
  if (kind) metrics.databaseErrors.inc({ kind });
  if (!isTransientDatabaseError(error)) return error;
  res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
  return new HttpException({ status: 503, message: DATABASE_UNAVAILABLE_MESSAGE }, 503, { cause: error });
}
