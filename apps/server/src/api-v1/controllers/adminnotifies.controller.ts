import { Get } from '@nestjs/common';
import { V1Controller } from '../common/v1-routes';

/**
 * `GET /adminnotifies` (docs/protocol/api-v1.md §5.9). This server records no admin notifications yet, so the
 * list is empty for everyone; the shape is the reference's, which the web UI polls.
 */
@V1Controller()
export class AdminNotifiesController {
  @Get('adminnotifies')
  list() {
    return { status: 200, message: { notifies: [], notifyCount: 0 } };
  }
}
