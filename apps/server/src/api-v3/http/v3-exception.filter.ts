import { Catch, HttpException, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { V3_MESSAGES } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import { asHttpError } from '../../http/database-unavailable';
import { Metrics } from '../../observability/metrics';
import { sendJson } from './send';

/** API v3 error bodies: `{status, message}`, and `500 Database error` for anything unexpected. */
@Catch()
export class V3ExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('APIv3');

  constructor(private readonly metrics: Metrics) {}

  catch(error: unknown, host: ArgumentsHost): void {
    const res = host.switchToHttp().getResponse<Response>();
    if (res.headersSent) return;
    const exception = asHttpError(error, res, this.metrics);
    if (exception instanceof HttpException) {
      const body = exception.getResponse();
      const status = exception.getStatus();
      return sendJson(res, status, typeof body === 'object' && body !== null && 'status' in body ? body : { status, message: exception.message });
    }
    const req = host.switchToHttp().getRequest<Request>();
    this.logger.error(`${req.method} ${req.path}: ${(exception as Error)?.stack ?? String(exception)}`);
    sendJson(res, 500, { status: 500, message: V3_MESSAGES.databaseError });
  }
}
