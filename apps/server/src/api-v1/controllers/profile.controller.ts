import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, Res } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import type { Response } from 'express';
import { RequirePermissions } from '../../auth/permissions.guard';
import { hexId } from '../normalise/client-id';
import { normaliseDatedDocument } from '../normalise/plain-documents';
import { listOptions } from '../query/list-options';
import { documentOf, documentsOf, validated } from '../common/request-documents';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { CreateDocuments, CurrentProfile, DeleteById, ListDocuments, UpdateDocument } from '../common/v1-docs';

const READ = apiPermission('profile', 'read');
const NEWEST_FIRST = { startDate: -1 as const, _id: -1 as const };

/** Profile stores (docs/protocol/api-v1.md §5.4); their content is not validated beyond the storage rules. */
@V1Controller()
export class ProfileController {
  constructor(private readonly docs: V1Documents) {}

  @Get('profile')
  @ListDocuments('profile', 'List profile stores, newest first (only `count` is read)')
  @RequirePermissions(READ)
  list(@Query() query: V1Query) {
    return this.docs.find('profile', {}, listOptions({ count: query.count }, { count: 10, sort: NEWEST_FIRST }));
  }

  @Get('profiles')
  @ListDocuments('profile', 'Search profile stores with `find`')
  @RequirePermissions(READ)
  search(@Query() query: V1Query) {
    return this.docs.find('profile', this.docs.filter('profile', query.find), listOptions(query, { count: 10, sort: NEWEST_FIRST }));
  }

  /** An object or `null` (docs/protocol/api-v1.md V1-Q14): written directly, as Nest would send `null` as an empty body. */
  @Get('profile/current')
  @CurrentProfile()
  @RequirePermissions(READ)
  async current(@Res() res: Response) {
    res.json(await this.docs.findOne('profile', {}, { sort: NEWEST_FIRST }));
  }

  @Post('profile')
  @CreateDocuments('profile')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('profile', 'create'))
  async create(@Body() body: unknown) {
    const now = Date.now();
    const profiles = validated('profile', documentsOf(body)).map((doc) => normaliseDatedDocument(doc, now, false));
    return this.docs.insert('profile', profiles);
  }

  @Put('profile')
  @UpdateDocument('profile')
  @RequirePermissions(READ, apiPermission('profile', 'update'))
  update(@Body() body: unknown) {
    const [profile] = validated('profile', [documentOf(body)]);
    return this.docs.upsertById('profile', normaliseDatedDocument(profile, Date.now(), true));
  }

  @Delete('profile/:id')
  @DeleteById('profile')
  @RequirePermissions(READ, apiPermission('profile', 'delete'))
  async delete(@Param('id') id: string) {
    await this.docs.deleteById('profile', hexId(id));
    return {};
  }
}
