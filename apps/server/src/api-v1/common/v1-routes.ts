import { Controller, UseGuards, applyDecorators } from '@nestjs/common';
import { PermissionsGuard } from '../../auth/permissions.guard';

/** Every v1 route is served under `/api/v1` and again under `/api/v2` (docs/protocol/api-v1.md V1-Q1). */
const V1_PREFIXES = ['api/v1', 'api/v2'];

/** A v1 controller: both prefixes, credentials resolved and `@RequirePermissions` checked on every route. */
export const V1Controller = () => applyDecorators(Controller(V1_PREFIXES), UseGuards(PermissionsGuard));

/** A request's query string as the extended parser gives it. */
export type V1Query = Record<string, unknown>;
