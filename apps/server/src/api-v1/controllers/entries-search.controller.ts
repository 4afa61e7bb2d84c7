import { Get, Param, Query, Req, Res } from '@nestjs/common';
import { apiPermission, resolveV1Collection, type V1CollectionName } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import type { Authorization } from '../../auth/auth.service';
import { grants } from '../../auth/auth.service';
import { CurrentAuth, RequirePermissions } from '../../auth/permissions.guard';
import { unauthorized } from '../../http/nightscout-error';
import type { DocumentFilter } from '../../storage/stored-document';
import { QUERY_RULES } from '../query/collection-rules';
import { isFieldName } from '../query/find-filter';
import { listOptions } from '../query/list-options';
import { patternFilter } from '../query/pattern-filter';
import { queryError } from '../query/query-error';
import { sendEntries } from '../common/entries-format';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { EntriesSearch } from '../common/v1-docs';

const ENTRIES_READ = apiPermission('entries', 'read');
const SLICE_STORAGES: readonly V1CollectionName[] = ['entries', 'treatments', 'devicestatus'];
type Params = Record<string, string | undefined>;

/**
 * The entries router's search and debug routes (docs/protocol/api-v1.md §5.1). Each needs the read permission
 * of the collection it reads (the reference checked entries read for all, docs/protocol/api-v1.md V1-W2), and `/count`
 * accepts no client aggregation stages (V1-W1).
 */
@V1Controller()
export class EntriesSearchController {
  constructor(private readonly docs: V1Documents) {}

  @Get(['echo/:echo', 'echo/:echo/:model', 'echo/:echo/:model/:spec'])
  @EntriesSearch('The query a `find`, storage and type make, without running it', 'The query, the input and the storage', { type: 'object' })
  @RequirePermissions(ENTRIES_READ)
  echo(@Param() params: Params, @Query() query: V1Query, @CurrentAuth() auth: Authorization | null) {
    const storage = this.readable(params.echo, auth, ['entries', 'treatments', 'devicestatus', 'activity']);
    const typed = params.model && params.model !== '*' ? { type: params.model } : {};
    return { query: { $and: [this.docs.filter(storage, query.find), typed] }, input: query, params, storage };
  }

  @Get(['times/echo', 'times/echo/:prefix', 'times/echo/:prefix/:regex'])
  @EntriesSearch('The query a `dateString` pattern makes, without running it', 'The query, the input and the storage', { type: 'object' })
  @RequirePermissions(ENTRIES_READ)
  timesEcho(@Param() params: Params, @Query() query: V1Query) {
    return { query: this.patternQuery('entries', 'dateString', params, query), input: query, params, storage: 'entries' };
  }

  @Get(['times', 'times/:prefix', 'times/:prefix/:regex'])
  @EntriesSearch('Entries whose `dateString` matches a prefix and pattern (`2026-01-{01..07}`)', 'The entries', 'entries')
  @RequirePermissions(ENTRIES_READ)
  async times(@Param() params: Params, @Query() query: V1Query, @Req() req: Request, @Res() res: Response) {
    const filter = this.patternQuery('entries', 'dateString', params, query);
    sendEntries(req, res, await this.docs.find('entries', filter, this.options('entries', query)));
  }

  @Get(['slice/:storage/:field', 'slice/:storage/:field/:type', 'slice/:storage/:field/:type/:prefix', 'slice/:storage/:field/:type/:prefix/:regex'])
  @EntriesSearch('Documents of entries, treatments or device status whose field matches a prefix and pattern', 'The documents (entries as text unless JSON is asked for)', 'entries')
  @RequirePermissions(ENTRIES_READ)
  async slice(@Param() params: Params, @Query() query: V1Query, @CurrentAuth() auth: Authorization | null, @Req() req: Request, @Res() res: Response) {
    // The reference falls back on entries for any other storage name.
    const storage = SLICE_STORAGES.includes(params.storage as V1CollectionName) ? this.readable(params.storage, auth, SLICE_STORAGES) : 'entries';
    const field = params.field!;
    if (!isFieldName(field)) throw queryError(`${field} is not a field name`);
    const typed = params.type && params.type !== '*' ? { type: params.type } : {};
    const filter = { $and: [this.patternQuery(storage, field, params, query), typed] };
    const docs = await this.docs.find(storage, filter, this.options(storage, query));
    if (storage === 'entries') return sendEntries(req, res, docs);
    res.json(docs);
  }

  @Get('count/:storage/where')
  @EntriesSearch('Count the documents `find` matches (no aggregation stages)', '`[{"_id": null, "count": n}]`, or `[]` for none', { type: 'array', items: { type: 'object' } })
  @RequirePermissions(ENTRIES_READ)
  async count(@Param('storage') name: string, @Query() query: V1Query, @CurrentAuth() auth: Authorization | null) {
    if (query.pipeline !== undefined) throw queryError('aggregation stages (pipeline) are not accepted');
    const storage = this.readable(name, auth);
    const count = await this.docs.count(storage, this.docs.filter(storage, query.find));
    return count === 0 ? [] : [{ _id: null, count }];
  }

  private patternQuery(storage: V1CollectionName, field: string, params: Params, query: V1Query): DocumentFilter {
    const pattern = patternFilter(field, params.prefix, params.regex);
    // A path pattern is a constraint of its own: the default window only applies without one.
    const hasPattern = Object.keys(pattern).length > 0;
    return { $and: [this.docs.filter(storage, query.find, !hasPattern), pattern] };
  }

  private options(storage: V1CollectionName, query: V1Query) {
    return listOptions(query, { count: 10, sort: { [QUERY_RULES[storage].dateField]: -1 } });
  }

  /** The named collection, when the caller may read it. */
  private readable(name: string | undefined, auth: Authorization | null, allowed?: readonly V1CollectionName[]): V1CollectionName {
    const storage = resolveV1Collection(name);
    if (!storage || (allowed && !allowed.includes(storage))) throw queryError(`unknown storage: ${String(name)}`);
    if (!auth || !grants(auth, apiPermission(storage, 'read'))) throw unauthorized();
    return storage;
  }
}
