import { HttpException } from '@nestjs/common';

/** An API v3 error: `{status, message}`, or the bare `{status}` the reference sends for 404/410/412. */
export const v3Error = (status: number, message?: string): HttpException =>
  new HttpException(message === undefined ? { status } : { status, message }, status);
