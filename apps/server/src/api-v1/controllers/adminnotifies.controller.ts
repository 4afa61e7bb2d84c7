import { Get } from '@nestjs/common';
import { PERMISSIONS } from '@nightscout/protocol';
import { grants, type Authorization } from '../../auth/auth.service';
import { CurrentAuth } from '../../auth/permissions.guard';
import { AdminNotifies } from '../../status/admin-notifies';
import { V1Controller } from '../common/v1-routes';
import { Operation, ok } from '../../contracts/openapi-decorators';

/** `GET /adminnotifies` (docs/protocol/api-v1.md §5.9): the count for everyone, the notices for admins. */
@V1Controller()
export class AdminNotifiesController {
  constructor(private readonly notifies: AdminNotifies) {}

  @Get('adminnotifies')
  @Operation('Admin notices: the count for everyone, the notices for admins', 'api-v1.md §5.9', ok('`{status: 200, message: {notifies, notifyCount}}`', { type: 'object' }))
  list(@CurrentAuth() auth: Authorization | null) {
    const notifies = this.notifies.list();
    const isAdmin = !!auth && grants(auth, PERMISSIONS.verifyAdmin);
    return { status: 200, message: { notifies: isAdmin ? notifies : [], notifyCount: notifies.length } };
  }
}
