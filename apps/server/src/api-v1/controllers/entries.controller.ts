import { Body, Delete, Get, HttpCode, Param, Post, Query, Req, Res } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import { RequirePermissions } from '../../auth/permissions.guard';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { normaliseEntry, entryDedup } from '../normalise/entries';
import { sanitiseStrings } from '../../writes/sanitise';
import { DEFAULT_WINDOW_MS } from '../query/find-filter';
import { listOptions } from '../query/list-options';
import { sendEntries } from '../common/entries-format';
import { isObjectIdHex } from '../common/ids';
import { badRequest } from '../../http/nightscout-error';
import { documentsOf, validated } from '../common/request-documents';
import { deleteResult, notFound } from '../common/responses';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { CreateEntries, DeleteByFind, DeleteEntries, EntriesBySpec, ListEntries } from '../common/v1-docs';

const READ = apiPermission('entries', 'read');
const DEFAULTS = { count: 10, sort: { date: -1 as const } };

/** Entries (docs/protocol/api-v1.md §5.1): every route also needs entries read, as the reference's router checks it. */
@V1Controller()
export class EntriesController {
  constructor(private readonly docs: V1Documents) {}

  @Get('entries')
  @ListEntries('List entries, newest first (10 by default)')
  @RequirePermissions(READ)
  async list(@Query() query: V1Query, @Req() req: Request, @Res() res: Response) {
    sendEntries(req, res, await this.findEntries(query));
  }

  @Get('entries/current')
  @ListEntries('The newest reading of the last 4 days')
  @RequirePermissions(READ)
  async current(@Req() req: Request, @Res() res: Response) {
    const since = Date.now() - DEFAULT_WINDOW_MS;
    const newest = await this.docs.find('entries', { date: { $gte: since } }, { sort: { date: -1 }, limit: 1 });
    sendEntries(req, res, withType(newest, 'sgv'));
  }

  @Get('entries/:spec')
  @EntriesBySpec()
  @RequirePermissions(READ)
  async bySpec(@Param('spec') spec: string, @Query() query: V1Query, @Req() req: Request, @Res() res: Response) {
    if (isObjectIdHex(spec)) {
      const entry = await this.docs.findOne('entries', this.docs.idFilter(spec));
      if (!entry) throw notFound(`No such id: '${spec}'`);
      return sendEntries(req, res, [entry]);
    }
    sendEntries(req, res, withType(await this.findEntries(query, { type: spec }), spec));
  }

  @Post('entries')
  @CreateEntries('Store entries (deduplicated by `date` and `type`)', 'The stored entries, `_id` as 24-hex strings')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('entries', 'create'))
  async create(@Body() body: unknown) {
    const entries = this.prepare(body);
    return this.docs.create('entries', entries.map((doc) => ({ doc, dedup: entryDedup(doc), onDuplicate: 'replace' as const })));
  }

  @Post('entries/preview')
  @CreateEntries('What storing these entries would store, without storing them', 'The entries as they would be stored')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('entries', 'create'))
  preview(@Body() body: unknown) {
    // What a POST would store: the write path sanitises the same way.
    return this.prepare(body).map(sanitiseStrings);
  }

  @Delete('entries/:spec')
  @DeleteEntries()
  @RequirePermissions(READ, apiPermission('entries', 'delete'))
  async deleteBySpec(@Param('spec') spec: string, @Query() query: V1Query) {
    if (isObjectIdHex(spec)) return deleteResult(await this.docs.deleteById('entries', spec, query.find));
    const filter = this.docs.deleteFilter('entries', query.find);
    return deleteResult(await this.docs.delete('entries', spec === '*' ? filter : { $and: [filter, { type: spec }] }));
  }

  @Delete('entries')
  @DeleteByFind('entries')
  @RequirePermissions(READ, apiPermission('entries', 'delete'))
  async deleteByFind(@Query() query: V1Query) {
    return deleteResult(await this.docs.delete('entries', this.docs.deleteFilter('entries', query.find)));
  }

  private findEntries(query: V1Query, extra: DocumentFilter = {}): Promise<StoredDocument[]> {
    return this.docs.find('entries', { $and: [this.docs.filter('entries', query.find), extra] }, listOptions(query, DEFAULTS));
  }

  /**
   * Validated and normalised entries. A single object needs `date` (docs/protocol/api-v1.md V1-Q7); the
   * reference ignored one without and answered 200 `[]`, here it is a 400 that says why.
   */
  private prepare(body: unknown) {
    if (!Array.isArray(body) && typeof body === 'object' && body !== null && !('date' in body)) throw badRequest('Bad request body', 'a single entry needs a date');
    const list = Array.isArray(body) ? body : [body];
    const now = Date.now();
    return validated('entries', documentsOf(list)).map((doc) => normaliseEntry(doc, now, this.docs.config.uuidHandling));
  }
}

/** Entries lacking a type get the implied one in the output, not in storage (docs/protocol/api-v1.md §5.1). */
const withType = (entries: StoredDocument[], type: string): StoredDocument[] => entries.map((e) => (e.type === undefined ? { ...e, type } : e));
