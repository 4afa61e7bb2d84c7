import { ApiQuery } from '@nestjs/swagger';
import { Controller, Get, Param, Query, Res, UseGuards } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import type { Response } from 'express';
import { PermissionsGuard, RequirePermissions } from '../auth/permissions.guard';
import { DerivedDataService } from '../derived/derived-data.service';
import { withoutSecrets } from '../status/server-settings';
import { Operation, ok } from '../contracts/openapi-decorators';

/**
 * `GET /api/v2/properties[/<names>]`: the enabled plugins' properties (`bgnow`, `delta`, `iob`,
 * `cob`, `ar2`, `bage`, …) as the reference's sandbox computes them, all or the comma-separated
 * ones named; `?pretty` indents (docs/compatibility/alarms-and-followers.md).
 */
@Controller('api/v2/properties')
@UseGuards(PermissionsGuard)
@RequirePermissions(apiPermission('entries', 'read'), apiPermission('treatments', 'read'))
export class PropertiesController {
  constructor(private readonly derived: DerivedDataService) {}

  @Get(['', ':names'])
  @ApiQuery({ name: 'pretty', required: false, description: 'Indent the JSON' })
  @Operation('The enabled plugins\' properties (bgnow, delta, iob, cob, ar2, bage …), all or the comma-separated ones named', null, ok('Properties by plugin name', { type: 'object' }))
  async properties(@Param('names') names: string | undefined, @Query('pretty') pretty: unknown, @Res() res: Response): Promise<void> {
    const sbx = await this.derived.sandbox();
    const wanted = names?.split(',').filter(Boolean);
    const result = withoutSecrets(sbx.properties(wanted?.length ? wanted : undefined));
    if (pretty !== undefined) res.type('application/json').send(JSON.stringify(result, null, 2));
    else res.json(result);
  }
}
