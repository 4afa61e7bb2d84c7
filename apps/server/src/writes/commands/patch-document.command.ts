import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { sanitiseStrings } from '../sanitise';

/** Set fields on the document matching `filter`; resolves to the document after the change, or null. Values are sanitised as in `CreateDocumentsCommand`. */
export class PatchDocumentCommand extends Command<StoredDocument | null> {
  readonly fields: Record<string, unknown>;

  constructor(
    readonly collection: CollectionName,
    readonly filter: DocumentFilter,
    fields: Record<string, unknown>,
    readonly entryPoint: EntryPoint,
  ) {
    super();
    this.fields = sanitiseStrings(fields);
  }
}
