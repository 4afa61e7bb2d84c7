import { Body, Delete, Get, HttpCode, Param, Post, Put } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import { RequirePermissions } from '../../auth/permissions.guard';
import { hexId, type ClientDocument } from '../normalise/client-id';
import { normaliseFood } from '../normalise/plain-documents';
import { documentsOf, validated } from '../common/request-documents';
import { V1Documents } from '../common/v1-documents.service';
import { V1Controller } from '../common/v1-routes';
import { CreateDocuments, DeleteById, ListDocuments, UpdateFoods } from '../common/v1-docs';

const READ = apiPermission('food', 'read');

/** Foods and quickpicks (docs/protocol/api-v1.md §5.5). */
@V1Controller()
export class FoodController {
  constructor(private readonly docs: V1Documents) {}

  @Get('food')
  @ListDocuments('food', 'List every food and quickpick')
  @RequirePermissions(READ)
  list() {
    return this.docs.find('food', {});
  }

  /** `hidden` is the string "false" in data written by the reference's editor, a boolean in ours. */
  @Get('food/quickpicks')
  @ListDocuments('food', 'List the quickpicks that are not hidden, by position')
  @RequirePermissions(READ)
  quickpicks() {
    return this.docs.find('food', { type: 'quickpick', hidden: { $in: ['false', false] } }, { sort: { position: 1 } });
  }

  @Get('food/regular')
  @ListDocuments('food', 'List the foods (not quickpicks)')
  @RequirePermissions(READ)
  regular() {
    return this.docs.find('food', { type: 'food' });
  }

  @Post('food')
  @CreateDocuments('food')
  @HttpCode(200)
  @RequirePermissions(READ, apiPermission('food', 'create'))
  async create(@Body() body: unknown) {
    const foods = this.prepare(body, false);
    return this.docs.insert('food', foods);
  }

  /** One document or an array; the answer is always an array (docs/protocol/api-v1.md §5.5). */
  @Put('food')
  @UpdateFoods()
  @RequirePermissions(READ, apiPermission('food', 'update'))
  async update(@Body() body: unknown) {
    const stored = [];
    for (const food of this.prepare(body, true)) stored.push(await this.docs.upsertById('food', food));
    return stored;
  }

  @Delete('food/:id')
  @DeleteById('food')
  @RequirePermissions(READ, apiPermission('food', 'delete'))
  async delete(@Param('id') id: string) {
    await this.docs.deleteById('food', hexId(id));
    return {};
  }

  private prepare(body: unknown, forUpdate: boolean): ClientDocument[] {
    const now = Date.now();
    // `hidden` is made a boolean before validation, which requires one.
    const foods = documentsOf(body).map((doc) => normaliseFood(doc, now, forUpdate));
    return validated('food', foods);
  }
}
