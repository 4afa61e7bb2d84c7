import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';

/** Set fields on the document matching `filter`; resolves to the document after the change, or null. */
export class PatchDocumentCommand extends Command<StoredDocument | null> {
  constructor(
    readonly collection: CollectionName,
    readonly filter: DocumentFilter,
    readonly fields: Record<string, unknown>,
    readonly entryPoint: EntryPoint,
  ) {
    super();
  }
}
