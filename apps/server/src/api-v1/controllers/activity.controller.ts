import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import { RequirePermissions } from '../../auth/permissions.guard';
import { hexId, type ClientDocument } from '../normalise/client-id';
import { normaliseDatedDocument } from '../normalise/plain-documents';
import { listOptions } from '../query/list-options';
import { documentOf, documentsOf, validated } from '../common/request-documents';
import { newestTime, sendDatedList } from '../common/responses';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { CreateDocuments, DeleteById, ListDocuments, UpdateDocument } from '../common/v1-docs';

const READ = apiPermission('activity', 'read');

/** Activity (docs/protocol/api-v1.md §5.6). */
@V1Controller()
export class ActivityController {
  constructor(private readonly docs: V1Documents) {}

  /** No default limit, as in the reference; an empty result with `If-Modified-Since` is a plain `[]` (the reference crashed, V1-W10). */
  @Get('activity')
  @ListDocuments('activity', 'List activity, newest first (no default limit)')
  @RequirePermissions(READ)
  async list(@Query() query: V1Query, @Req() req: Request, @Res() res: Response) {
    const found = await this.docs.find('activity', this.docs.filter('activity', query.find), listOptions(query, { sort: { created_at: -1 } }));
    sendDatedList(req, res, found, newestTime(found, (a) => a.created_at ?? a.timestamp));
  }

  /** An identical document is not stored twice: the reference upserted on the whole document. */
  @Post('activity')
  @CreateDocuments('activity')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('activity', 'create'))
  async create(@Body() body: unknown) {
    this.docs.requireCareportal();
    const activities = this.prepare(documentsOf(body), false);
    const items = activities.map((doc) => ({ doc, dedup: doc._id === undefined ? { ...doc } : { _id: doc._id } }));
    return this.docs.create('activity', items);
  }

  @Put('activity')
  @UpdateDocument('activity')
  @RequirePermissions(READ, apiPermission('activity', 'update'))
  update(@Body() body: unknown) {
    this.docs.requireCareportal();
    const [activity] = this.prepare([documentOf(body)], true);
    return this.docs.upsertById('activity', activity);
  }

  @Delete('activity/:id')
  @DeleteById('activity')
  @RequirePermissions(READ, apiPermission('activity', 'delete'))
  async delete(@Param('id') id: string) {
    this.docs.requireCareportal();
    await this.docs.deleteById('activity', hexId(id));
    return {};
  }

  private prepare(docs: ClientDocument[], forUpdate: boolean): ClientDocument[] {
    const now = Date.now();
    return validated('activity', docs).map((doc) => normaliseDatedDocument(doc, now, forUpdate));
  }
}
