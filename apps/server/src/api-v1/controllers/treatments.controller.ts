import { Body, Delete, Get, HttpCode, Param, Post, Put, Query, Req, Res } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import type { Request, Response } from 'express';
import { RequirePermissions } from '../../auth/permissions.guard';
import type { StoredDocument } from '../../storage/stored-document';
import type { ClientDocument } from '../normalise/client-id';
import { blankNumbersOmitted, normaliseTreatment, splitPreBolus, treatmentDedup } from '../normalise/treatments';
import { listOptions } from '../query/list-options';
import { documentOf, documentsOf, validated } from '../common/request-documents';
import { deleteResult, newestTime, sendDatedList } from '../common/responses';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller, type V1Query } from '../common/v1-routes';
import { CreateDocuments, DeleteByFind, DeleteById, ListDocuments, UpdateDocument } from '../common/v1-docs';

const READ = apiPermission('treatments', 'read');

/** Treatments (docs/protocol/api-v1.md §5.2). */
@V1Controller()
export class TreatmentsController {
  constructor(private readonly docs: V1Documents) {}

  @Get('treatments')
  @ListDocuments('treatments')
  @RequirePermissions(READ)
  async list(@Query() query: V1Query, @Req() req: Request, @Res() res: Response) {
    const count = query.find === undefined ? 100 : 1000;
    const found = await this.docs.find('treatments', this.docs.filter('treatments', query.find), listOptions(query, { count, sort: { created_at: -1 } }));
    sendDatedList(req, res, found.map(withCarbsAndInsulin), newestTime(found, (t) => t.created_at ?? t.timestamp));
  }

  @Post('treatments')
  @CreateDocuments('treatments')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('treatments', 'create'))
  async create(@Body() body: unknown) {
    this.docs.requireCareportal();
    const treatments = this.prepare(documentsOf(body)).flatMap(splitPreBolus);
    const uuidHandling = this.docs.config.uuidHandling;
    return this.docs.create('treatments', treatments.map((doc) => ({ doc, dedup: treatmentDedup(doc, uuidHandling), onDuplicate: 'replace' as const })));
  }

  @Put('treatments')
  @UpdateDocument('treatments')
  @RequirePermissions(READ, apiPermission('treatments', 'update'))
  async update(@Body() body: unknown) {
    this.docs.requireCareportal();
    const [treatment] = this.prepare([documentOf(body)]);
    const result = await this.docs.upsert('treatments', treatmentDedup(treatment, this.docs.config.uuidHandling), treatment);
    return result?.doc;
  }

  @Delete('treatments/:id')
  @DeleteById('treatments')
  @RequirePermissions(READ, apiPermission('treatments', 'delete'))
  async deleteById(@Param('id') id: string, @Query() query: V1Query) {
    this.docs.requireCareportal();
    if (id === '*') return this.deleteByFind(query);
    return deleteResult(await this.docs.deleteById('treatments', id, query.find));
  }

  @Delete('treatments')
  @DeleteByFind('treatments')
  @RequirePermissions(READ, apiPermission('treatments', 'delete'))
  async deleteByFind(@Query() query: V1Query) {
    this.docs.requireCareportal();
    return deleteResult(await this.docs.delete('treatments', this.docs.deleteFilter('treatments', query.find)));
  }

  /** Validated as sent, then normalised (the write path sanitises, on PUT too, unlike the reference: docs/protocol/api-v1.md V1-W5). */
  private prepare(docs: ClientDocument[]): ClientDocument[] {
    const now = Date.now();
    validated('treatments', docs.map(blankNumbersOmitted));
    return docs.map((doc) => normaliseTreatment(doc, now, this.docs.config.uuidHandling));
  }
}

/** Every treatment in a v1 response carries numeric `carbs` and `insulin`, null when absent (docs/protocol/api-v1.md V1-Q9). */
function withCarbsAndInsulin(treatment: StoredDocument): StoredDocument {
  const number = (value: unknown) => (value === undefined || value === null || value === '' || Number.isNaN(Number(value)) ? null : Number(value));
  return { ...treatment, carbs: number(treatment.carbs), insulin: number(treatment.insulin) };
}
