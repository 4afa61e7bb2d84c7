import { Controller, Delete, Get, Headers, Param, Patch, Post, Put, Query, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import { apiPermission, type V3CollectionName } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import type { Authorization } from '../auth/auth.service';
import { V3AuthGuard, V3Auth, demand } from './http/v3-auth.guard';
import { V3ExceptionFilter } from './http/v3-exception.filter';
import { outputFormat, sendDocuments, sendJson } from './http/send';
import { floorToSeconds, headerDate, httpDate } from './model/dates';
import { DocumentReads } from './operations/document-reads';
import { DocumentWrites } from './operations/document-writes';
import type { V3Reply } from './operations/v3-reply';
import { V3Create, V3Delete, V3History, V3Patch, V3Read, V3Search, V3Update } from './http/v3-docs';

type Query = Record<string, unknown>;

/** SEARCH and HISTORY of settings need admin: settings may hold secrets (docs/protocol/api-v3.md §4.5). */
const listPermission = (collection: V3CollectionName) => apiPermission(collection, collection === 'settings' ? 'admin' : 'read');

/** A JSON body, or undefined for any other content type (which the reference reads as no body). */
const jsonBody = (req: Request): unknown => (req.is('application/json') ? req.body : undefined);

const send = (res: Response, reply: V3Reply) => sendJson(res, reply.status, reply.body, reply.headers);

/** The six v3 collections' operations; the guard has checked the collection name and the JWT. */
@Controller('api/v3/:collection')
@UseGuards(V3AuthGuard)
@UseFilters(V3ExceptionFilter)
export class CollectionController {
  constructor(
    private readonly reads: DocumentReads,
    private readonly writes: DocumentWrites,
  ) {}

  @Get()
  @V3Search()
  async search(@Param('collection') collection: V3CollectionName, @Query() query: Query, @V3Auth() auth: Authorization, @Req() req: Request, @Res() res: Response) {
    demand(auth, listPermission(collection));
    const format = outputFormat(req);
    sendDocuments(res, format, await this.reads.search(collection, query));
  }

  @Post()
  @V3Create()
  async create(@Param('collection') collection: V3CollectionName, @V3Auth() auth: Authorization, @Req() req: Request, @Res() res: Response) {
    send(res, await this.writes.create(collection, jsonBody(req), auth));
  }

  // Registered before `:identifier`, so a document named "history" cannot be read, as in the reference.
  @Get(['history', 'history/:lastModified'])
  @V3History()
  async history(
    @Param('collection') collection: V3CollectionName,
    @Param('lastModified') lastModified: string | undefined,
    @Headers('last-modified') header: string | undefined,
    @Query() query: Query,
    @V3Auth() auth: Authorization,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    demand(auth, listPermission(collection));
    const start = this.reads.historyStart(lastModified, header);
    const format = outputFormat(req);
    const { docs, lastModified: newest } = await this.reads.history(collection, start, query);
    if (newest === undefined) return sendDocuments(res, format, docs);
    // AndroidAPS pages with the digits of this ETag; Express's freshness check gives HTTP caches their 304.
    res.status(200).set({ 'Last-Modified': httpDate(newest), ETag: `W/"${newest}"` });
    if (req.fresh) return void res.status(304).end();
    sendDocuments(res, format, docs);
  }

  @Get(':identifier')
  @V3Read()
  async read(
    @Param('collection') collection: V3CollectionName,
    @Param('identifier') identifier: string,
    @Query('fields') fields: unknown,
    @Headers('if-modified-since') ifModifiedSince: string | undefined,
    @V3Auth() auth: Authorization,
    @Req() req: Request,
    @Res() res: Response,
  ) {
    demand(auth, apiPermission(collection, 'read'));
    const { doc, modified } = await this.reads.read(collection, identifier, fields);
    const format = outputFormat(req);
    if (modified === undefined) return sendDocuments(res, format, doc);
    const since = headerDate(ifModifiedSince);
    if (since !== undefined && floorToSeconds(modified) <= floorToSeconds(since)) return void res.status(304).set('Last-Modified', httpDate(modified)).end();
    sendDocuments(res, format, doc, { 'Last-Modified': httpDate(modified) });
  }

  @Put(':identifier')
  @V3Update()
  async update(@Param('collection') collection: V3CollectionName, @Param('identifier') identifier: string, @V3Auth() auth: Authorization, @Req() req: Request, @Res() res: Response) {
    send(res, await this.writes.update(collection, identifier, jsonBody(req), auth, req.get('if-unmodified-since')));
  }

  @Patch(':identifier')
  @V3Patch()
  async patch(@Param('collection') collection: V3CollectionName, @Param('identifier') identifier: string, @V3Auth() auth: Authorization, @Req() req: Request, @Res() res: Response) {
    send(res, await this.writes.patch(collection, identifier, jsonBody(req), auth, req.get('if-unmodified-since')));
  }

  @Delete(':identifier')
  @V3Delete()
  async delete(
    @Param('collection') collection: V3CollectionName,
    @Param('identifier') identifier: string,
    @Query('permanent') permanent: unknown,
    @V3Auth() auth: Authorization,
    @Res() res: Response,
  ) {
    send(res, await this.writes.delete(collection, identifier, permanent === 'true', auth));
  }
}
