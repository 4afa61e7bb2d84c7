import { Injectable, SetMetadata, applyDecorators, createParamDecorator, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, ApiResponse } from '@nestjs/swagger';
import { componentRef } from '../contracts/openapi-decorators';
import type { Request } from 'express';
import { unauthorized } from '../http/nightscout-error';
import { AuthService, grants, type Authorization } from './auth.service';
import { credentialsFromRequest } from './http-credentials';

const PERMISSIONS_KEY = 'nightscout:permissions';

/**
 * Permissions a route needs; all must be granted. A route without it needs none but still resolves
 * credentials. The OpenAPI document lists them (`x-permissions`) with the 401 a request without them gets.
 */
export const RequirePermissions = (...permissions: string[]) =>
  applyDecorators(
    SetMetadata(PERMISSIONS_KEY, permissions),
    ApiExtension('x-permissions', permissions),
    ApiResponse({ status: 401, description: `Unauthorized: the credentials lack ${permissions.join(' and ')}`, content: { 'application/json': { schema: componentRef('NightscoutError') } } }),
  );

type AuthorizedRequest = Request & { authorization?: Authorization | null };

/** Resolves a request's credentials (null when they failed): once per request, as the guard keeps the result. */
async function resolve(auth: AuthService, req: Request): Promise<Authorization | null> {
  const credentials = credentialsFromRequest(req);
  if (credentials === 'malformed') return null;
  const resolution = await auth.resolve(credentials);
  return resolution.ok ? resolution.auth : null;
}

/** The Authorization resolved for this request (null when the request's credentials failed). */
export const CurrentAuth = createParamDecorator((_: unknown, ctx: ExecutionContext) => ctx.switchToHttp().getRequest<AuthorizedRequest>().authorization);

/** Resolves API v1/v2 credentials once per request and checks the route's permissions (401 otherwise). */
@Injectable()
export class PermissionsGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<AuthorizedRequest>();
    const required = this.reflector.getAllAndOverride<string[] | undefined>(PERMISSIONS_KEY, [context.getHandler(), context.getClass()]) ?? [];
    if (req.authorization === undefined) req.authorization = await resolve(this.auth, req);
    const auth = req.authorization;
    if (required.length === 0) return true;
    if (!auth || !required.every((p) => grants(auth, p))) throw unauthorized();
    return true;
  }
}
