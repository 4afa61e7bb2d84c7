import { createHmac } from 'node:crypto';
import { safeEqual } from './hashing';

/** JWT lifetime of the reference: 8 hours. */
export const JWT_LIFETIME_SECONDS = 8 * 3600;

export interface AccessJwtPayload {
  accessToken: string;
  iat: number;
  exp: number;
}

const base64url = (value: string | Buffer) => Buffer.from(value).toString('base64url');
const HEADER = base64url(JSON.stringify({ alg: 'HS256', typ: 'JWT' }));

/** HS256 JWTs carrying a subject's access token, as Nightscout issues them. */
export class JwtSigner {
  constructor(private readonly key: string) {}

  sign(accessToken: string, nowSeconds = Math.floor(Date.now() / 1000)): { token: string; payload: AccessJwtPayload } {
    const payload: AccessJwtPayload = { accessToken, iat: nowSeconds, exp: nowSeconds + JWT_LIFETIME_SECONDS };
    const body = `${HEADER}.${base64url(JSON.stringify(payload))}`;
    return { token: `${body}.${this.signature(body)}`, payload };
  }

  /** The payload of a JWT this server signed and that has not expired; undefined otherwise. */
  verify(token: string, nowSeconds = Math.floor(Date.now() / 1000)): AccessJwtPayload | undefined {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) return undefined;
    if (!safeEqual(parts[2], this.signature(`${parts[0]}.${parts[1]}`))) return undefined;
    try {
      const payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8')) as Partial<AccessJwtPayload>;
      if (typeof payload.accessToken !== 'string' || typeof payload.exp !== 'number' || payload.exp <= nowSeconds) return undefined;
      return payload as AccessJwtPayload;
    } catch {
      return undefined;
    }
  }

  private signature(body: string): string {
    return createHmac('sha256', this.key).update(body).digest('base64url');
  }
}
