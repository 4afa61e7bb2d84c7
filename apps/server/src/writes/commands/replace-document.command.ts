import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter } from '../../storage/stored-document';
import type { CreatedDocument } from './create-documents.command';

/** Replace the document matching `filter` (keeping `_id`, `srvCreated`); insert it when `upsert` and none matches. */
export class ReplaceDocumentCommand extends Command<CreatedDocument | null> {
  constructor(
    readonly collection: CollectionName,
    readonly filter: DocumentFilter,
    readonly doc: Record<string, unknown>,
    readonly entryPoint: EntryPoint,
    readonly upsert = false,
  ) {
    super();
  }
}
