import { Inject, Injectable, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { PermissionSet, V3_COLLECTIONS, V3_MESSAGES, type V3CollectionName } from '@nightscout/protocol';
import type { Request } from 'express';
import { AuthService, grants, type Authorization } from '../../auth/auth.service';
import { AuthStore } from '../../auth/auth-store';
import { bearerToken } from '../../auth/http-credentials';
import { V3_SETTINGS, type V3Settings } from '../v3-settings';
import { v3Error } from './v3-error';

type V3Request = Request & { v3Auth?: Authorization };

const isV3Collection = (name: string): name is V3CollectionName => (V3_COLLECTIONS as readonly string[]).includes(name);

/** Security off: every request is an admin without a subject (docs/protocol/api-v3.md §4.6). */
const EVERYTHING: Authorization = { sets: [new PermissionSet(['*'])], groups: [['*']], defaults: false, isApiSecret: false };
/** A valid JWT whose subject was deleted: every permission check fails with 403. */
const NOTHING: Authorization = { sets: [], groups: [], defaults: false, isApiSecret: false };

/**
 * API v3 authentication (docs/protocol/api-v3.md §4): `Authorization: Bearer <JWT>` only, with the v3 error
 * bodies. An unknown `:collection` is answered 404 first, as the reference has no route for it.
 */
@Injectable()
export class V3AuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly store: AuthStore,
    @Inject(V3_SETTINGS) private readonly settings: V3Settings,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<V3Request>();
    const collection = req.params.collection as string | undefined;
    if (collection !== undefined && !isV3Collection(collection)) throw v3Error(404, V3_MESSAGES.badCollection);
    req.v3Auth = this.settings.securityEnabled ? await this.authenticate(req) : EVERYTHING;
    return true;
  }

  private async authenticate(req: Request): Promise<Authorization> {
    const token = bearerToken(req.headers.authorization);
    if (!token) throw v3Error(401, V3_MESSAGES.missingToken);
    const ip = req.ip ?? req.socket.remoteAddress ?? '';
    const wait = this.auth.failedAttempts.waitMs(ip);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    const payload = this.auth.verifyJwt(token);
    if (!payload) {
      this.auth.failedAttempts.recordFailure(ip);
      throw v3Error(401, V3_MESSAGES.badToken);
    }
    this.auth.failedAttempts.clear(ip);
    const subject = this.store.findSubjectByToken(payload.accessToken);
    return subject ? this.auth.subjectAuthorization(subject) : NOTHING;
  }
}

/** The caller's authorization, resolved by V3AuthGuard. */
export const V3Auth = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<V3Request>().v3Auth!);

/** 403 naming the permission the caller lacks. */
export function demand(auth: Authorization, permission: string): void {
  if (!grants(auth, permission)) throw v3Error(403, V3_MESSAGES.missingPermission(permission));
}

export const callerName = (auth: Authorization): string | undefined => auth.subject?.name;

