import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { Metrics } from '../observability/metrics';
import { asHttpError } from './database-unavailable';

/**
 * The HTTP error body for everything a route throws: HttpExceptions as they are, anything else
 * as a 500 without a stack trace (logged once here with the client address).
 */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HTTP');

  constructor(private readonly metrics: Metrics) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const ctx = host.switchToHttp();
    const res = ctx.getResponse<Response>();
    const req = ctx.getRequest<Request>();
    if (res.headersSent) return;
    const exception = asHttpError(error, res, this.metrics);
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const body = exception.getResponse();
      if (status >= 500) this.logger.error(`${req.method} ${req.path} from ${req.ip}: ${exception.message}`);
      res.status(status).json(typeof body === 'string' ? { status, message: body } : normalise(status, body as Record<string, unknown>));
      return;
    }
    this.logger.error(`${req.method} ${req.path} from ${req.ip}: ${(exception as Error)?.stack ?? String(exception)}`);
    res.status(500).json({ status: 500, message: 'Internal Server Error' });
  }
}

/** Nest's own exceptions (404 for unknown routes, ...) carry `statusCode`; clients expect `status`. */
function normalise(status: number, body: Record<string, unknown>): Record<string, unknown> {
  if ('status' in body) return body;
  const { statusCode: _code, error: _error, ...rest } = body;
  return { status, ...rest };
}
