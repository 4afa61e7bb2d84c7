import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';

/**
 * Delete the documents matching `filter`: soft (marked `isValid: false`, still visible to v3
 * history) or permanent. Resolves to the documents affected.
 */
export class DeleteDocumentsCommand extends Command<StoredDocument[]> {
  constructor(
    readonly collection: CollectionName,
    readonly filter: DocumentFilter,
    readonly entryPoint: EntryPoint,
    readonly options: { permanent: boolean; limit?: number; modifiedBy?: string } = { permanent: true },
  ) {
    super();
  }
}
