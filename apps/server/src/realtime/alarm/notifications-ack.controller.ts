import { ApiQuery } from '@nestjs/swagger';
import { Controller, Get, Header, Query, UseGuards } from '@nestjs/common';
import { PERMISSIONS } from '@nightscout/protocol';
import { PermissionsGuard, RequirePermissions } from '../../auth/permissions.guard';
import { badRequest } from '../../http/nightscout-error';
import { AlarmEngine } from './alarm-engine';
import { Operation, ok, v1Error } from '../../contracts/openapi-decorators';

const MAX_SILENCE_MS = 24 * 3600_000;

/** `GET /api/v1/notifications/ack`: the REST way to silence an alarm (docs/protocol/api-v1.md §5.10). */
@Controller()
@UseGuards(PermissionsGuard)
export class NotificationsAckController {
  constructor(private readonly engine: AlarmEngine) {}

  @Get(['api/v1/notifications/ack', 'api/v2/notifications/ack'])
  @ApiQuery({ name: 'level', schema: { type: 'integer', minimum: -3, maximum: 2 } })
  @ApiQuery({ name: 'group', required: false, schema: { type: 'string', default: 'default' } })
  @ApiQuery({ name: 'time', required: false, schema: { type: 'number' }, description: 'Silence in milliseconds (at most 24 h)' })
  @Operation('Silence an alarm group for everyone', 'api-v1.md §5.10', ok('`OK`', undefined, ['text/plain']), v1Error(400, 'Bad level, group or time'))
  @RequirePermissions(PERMISSIONS.notificationsAck)
  @Header('Content-Type', 'text/plain; charset=utf-8')
  async ack(@Query('level') level: unknown, @Query('group') group: unknown = 'default', @Query('time') time: unknown): Promise<string> {
    const parsedLevel = Number(level);
    if (typeof level !== 'string' || !Number.isInteger(parsedLevel) || parsedLevel < -3 || parsedLevel > 2) throw badRequest('Bad level', 'level must be a whole number from -3 to 2');
    if (typeof group !== 'string' || group.length === 0 || group.length > 128) throw badRequest('Bad group', 'group must be a name of at most 128 characters');
    const silence = time === undefined ? 0 : Number(time);
    if (typeof time === 'object' || !Number.isFinite(silence) || silence < 0) throw badRequest('Bad time', 'time must be a silence in milliseconds');
    await this.engine.ack(parsedLevel, group, Math.min(silence, MAX_SILENCE_MS), true);
    return 'OK';
  }
}
