import type { Request } from 'express';
import type { Credentials } from './auth.service';

const CREDENTIAL_FIELDS = ['secret', 'token'] as const;

/**
 * Credentials of an HTTP request (docs/protocol/api-v1.md §3.1): secret from `?secret=`, the `api-secret`
 * header or a body `secret`; token from `Authorization: Bearer`, `?token=` or a body `token`.
 * Body credentials are removed so they are never stored. Returns 'malformed' when any credential
 * is not a single string (`?secret[x]=1`, a repeated parameter): the reference crashed on those.
 */
export function credentialsFromRequest(req: Request, options: { keepBody?: boolean } = {}): Credentials | 'malformed' {
  const query = req.query as Record<string, unknown>;
  const body = bodyCredentials(req, options.keepBody ?? false);
  if (body === 'malformed') return 'malformed';
  const header = req.headers['api-secret'];
  const bearer = bearerToken(req.headers.authorization);
  const secret = query.secret ?? header ?? body.secret;
  const token = bearer ?? query.token ?? body.token;
  if ((secret !== undefined && typeof secret !== 'string') || (token !== undefined && typeof token !== 'string')) return 'malformed';
  return { secret, token, tokenMayBeAccessToken: bearer === undefined, ip: req.ip ?? req.socket.remoteAddress };
}

export function bearerToken(header: string | undefined): string | undefined {
  const parts = header?.split(' ');
  return parts?.length === 2 && parts[0].toLowerCase() === 'bearer' ? parts[1] : undefined;
}

function bodyCredentials(req: Request, keep: boolean): Partial<Record<(typeof CREDENTIAL_FIELDS)[number], unknown>> | 'malformed' {
  const body: unknown = req.body;
  const holder = Array.isArray(body) ? body[0] : body;
  if (typeof holder !== 'object' || holder === null) return {};
  const found: Partial<Record<(typeof CREDENTIAL_FIELDS)[number], unknown>> = {};
  for (const field of CREDENTIAL_FIELDS) {
    if (!Object.hasOwn(holder, field)) continue;
    found[field] = (holder as Record<string, unknown>)[field];
    if (!keep) delete (holder as Record<string, unknown>)[field];
  }
  return found;
}
