import { HttpException, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { catchError, throwError, type Observable } from 'rxjs';
import { DATABASE_RETRY_AFTER_S, DATABASE_UNAVAILABLE_MESSAGE, databaseErrorKind, isTransientDatabaseError } from '../storage/database-errors';
import { Metrics } from './metrics';

/**
 * Counts the database errors of every route, and answers 503 with `Retry-After` (instead of a
 * 500) while no database server can be reached or the embedded one is busy: clients retry, and
 * nothing needs a restart once the driver has reconnected.
 */
@Injectable()
export class DatabaseErrorsInterceptor implements NestInterceptor {
  constructor(private readonly metrics: Metrics) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        const kind = databaseErrorKind(error);
        if (kind) this.metrics.databaseErrors.inc({ kind });
        if (!isTransientDatabaseError(error)) return throwError(() => error);
        if (context.getType() === 'http') context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(DATABASE_RETRY_AFTER_S));
        return throwError(() => new HttpException({ status: 503, message: DATABASE_UNAVAILABLE_MESSAGE }, 503, { cause: error }));
      }),
    );
  }
}
