import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { ChangePublisher } from './handlers/change-publisher';
import { CreateDocumentsHandler } from './handlers/create-documents.handler';
import { DeleteDocumentsHandler } from './handlers/delete-documents.handler';
import { PatchDocumentHandler } from './handlers/patch-document.handler';
import { ReplaceDocumentHandler } from './handlers/replace-document.handler';
import { UnsetFieldsHandler } from './handlers/unset-fields.handler';

/** The only code that writes Nightscout data: one handler per command. */
@Module({
  imports: [CqrsModule],
  providers: [ChangePublisher, CreateDocumentsHandler, ReplaceDocumentHandler, PatchDocumentHandler, UnsetFieldsHandler, DeleteDocumentsHandler],
})
export class WritesModule {}
