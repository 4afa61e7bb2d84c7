import { HttpException } from '@nestjs/common';

/** The error body of API v1/v2: `{ status, message, description? }` (docs/protocol/api-v1.md §2.3). */
export function nightscoutError(status: number, message: string, description?: string): HttpException {
  return new HttpException({ status, message, ...(description === undefined ? {} : { description }) }, status);
}

export const unauthorized = () => nightscoutError(401, 'Unauthorized', 'Invalid/Missing');
export const badRequest = (message: string, description?: string) => nightscoutError(400, message, description);
