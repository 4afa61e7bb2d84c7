import { Logger } from '@nestjs/common';

const logger = new Logger('RateLimit');

/**
 * Logs a rejection with its client key, once per key and window: the first rejection, then the
 * one that crosses the flood threshold. A flood would otherwise flood the log as well.
 */
export function logRejection(bucket: string, key: string, rejections: number, retryAfterMs: number, floodRejections: number): void {
  if (rejections === 1) logger.warn(`${bucket} limit reached by ${key}; retry after ${retryAfterMs} ms`);
  else if (rejections === floodRejections + 1) logger.warn(`${bucket}: ${key} kept sending after ${floodRejections} rejections`);
}
