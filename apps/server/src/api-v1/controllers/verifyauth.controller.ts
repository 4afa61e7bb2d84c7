import { Get, Req } from '@nestjs/common';
import { PERMISSIONS } from '@nightscout/protocol';
import type { Authorization } from '../../auth/auth.service';
import { grants } from '../../auth/auth.service';
import { credentialsFromRequest } from '../../auth/http-credentials';
import { CurrentAuth } from '../../auth/permissions.guard';
import type { Request } from 'express';
import { V1Controller } from '../shared/v1-routes';

/** `GET /verifyauth` (spec/api-v1.md §5.8): always 200, the result nested under `message` (spec Q10). */
@V1Controller()
export class VerifyAuthController {
  @Get('verifyauth')
  verify(@CurrentAuth() auth: Authorization | null, @Req() req: Request) {
    const canRead = !!auth && grants(auth, PERMISSIONS.verifyRead);
    const credentials = credentialsFromRequest(req);
    const sentCredential = credentials === 'malformed' || !!credentials.secret || !!credentials.token;
    return {
      status: 200,
      message: {
        canRead,
        canWrite: !!auth && grants(auth, PERMISSIONS.verifyWrite),
        isAdmin: !!auth && grants(auth, PERMISSIONS.verifyAdmin),
        message: canRead && !auth.defaults ? 'OK' : 'UNAUTHORIZED',
        rolefound: auth?.subject ? 'FOUND' : 'NOTFOUND',
        permissions: sentCredential ? 'ROLE' : 'DEFAULT',
      },
    };
  }
}
