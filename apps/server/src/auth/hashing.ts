import { createHash, timingSafeEqual } from 'node:crypto';

export const sha1Hex = (value: string): string => createHash('sha1').update(value).digest('hex');

/** Constant-time comparison of two strings. */
export function safeEqual(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}
