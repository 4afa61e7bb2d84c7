import { Get } from '@nestjs/common';
import { PERMISSIONS } from '@nightscout/protocol';
import type { Authorization } from '../../auth/auth.service';
import { grants } from '../../auth/auth.service';
import { CurrentAuth } from '../../auth/permissions.guard';
import { V1Controller } from '../common/v1-routes';
import { Operation, ok } from '../../contracts/openapi-decorators';

/** `GET /verifyauth` (docs/protocol/api-v1.md §5.8): always 200, the result nested under `message` (docs/protocol/api-v1.md V1-Q10). */
@V1Controller()
export class VerifyAuthController {
  @Get('verifyauth')
  @Operation('What the credentials may do (always 200; the result is under `message`)', 'api-v1.md §5.8', ok('`{status: 200, message: {canRead, canWrite, isAdmin, message, rolefound, permissions}}`', { type: 'object' }))
  verify(@CurrentAuth() auth: Authorization | null) {
    const canRead = !!auth && grants(auth, PERMISSIONS.verifyRead);
    return {
      status: 200,
      message: {
        canRead,
        canWrite: !!auth && grants(auth, PERMISSIONS.verifyWrite),
        isAdmin: !!auth && grants(auth, PERMISSIONS.verifyAdmin),
        message: canRead && !auth.defaults ? 'OK' : 'UNAUTHORIZED',
        rolefound: auth?.subject ? 'FOUND' : 'NOTFOUND',
        // A failed credential (auth null) counts as one sent, as in the reference.
        permissions: auth?.defaults ? 'DEFAULT' : 'ROLE',
      },
    };
  }
}
