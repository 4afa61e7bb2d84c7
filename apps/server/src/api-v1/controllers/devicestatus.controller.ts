import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import { RequirePermissions } from '../../auth/permissions.guard';
import { hexId } from '../normalise/client-id';
import { normaliseDeviceStatus } from '../normalise/devicestatus';
import { listOptions } from '../query/list-options';
import { documentsOf, validated } from '../common/request-documents';
import { deleteResult } from '../common/responses';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { CreateDocuments, DeleteByFind, DeleteById, ListDocuments } from '../common/v1-docs';

const READ = apiPermission('devicestatus', 'read');

/** Device status (docs/protocol/api-v1.md §5.3): never deduplicated, as in the reference. */
@V1Controller()
export class DeviceStatusController {
  constructor(private readonly docs: V1Documents) {}

  @Get('devicestatus')
  @ListDocuments('devicestatus')
  @RequirePermissions(READ)
  list(@Query() query: V1Query) {
    return this.docs.find('devicestatus', this.docs.filter('devicestatus', query.find), listOptions(query, { count: 10, sort: { created_at: -1 } }));
  }

  @Post('devicestatus')
  @CreateDocuments('devicestatus')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('devicestatus', 'create'))
  async create(@Body() body: unknown) {
    const now = Date.now();
    const statuses = validated('devicestatus', documentsOf(body)).map((doc) => normaliseDeviceStatus(doc, now, this.docs.config.predictionsMaxSize));
    return this.docs.insert('devicestatus', statuses);
  }

  @Delete('devicestatus/:id')
  @DeleteById('devicestatus')
  @RequirePermissions(READ, apiPermission('devicestatus', 'delete'))
  async deleteById(@Param('id') id: string, @Query() query: V1Query) {
    if (id === '*') return this.deleteByFind(query);
    return deleteResult(await this.docs.deleteById('devicestatus', hexId(id), query.find));
  }

  @Delete('devicestatus')
  @DeleteByFind('devicestatus')
  @RequirePermissions(READ, apiPermission('devicestatus', 'delete'))
  async deleteByFind(@Query() query: V1Query) {
    return deleteResult(await this.docs.delete('devicestatus', this.docs.deleteFilter('devicestatus', query.find)));
  }
}
