import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter } from '../../storage/stored-document';
import { sanitiseStrings } from '../sanitise';
import type { CreatedDocument } from './create-documents.command';

/**
 * Replace the document matching `filter` (keeping `_id`, `srvCreated`); insert it when `upsert` and none matches.
 * Client text is sanitised as in `CreateDocumentsCommand`, the filter alike (an upsert filter repeats document values).
 */
export class ReplaceDocumentCommand extends Command<CreatedDocument | null> {
  readonly filter: DocumentFilter;
  readonly doc: Record<string, unknown>;

  constructor(
    readonly collection: CollectionName,
    filter: DocumentFilter,
    doc: Record<string, unknown>,
    readonly entryPoint: EntryPoint,
    readonly upsert = false,
  ) {
    super();
    this.filter = sanitiseStrings(filter);
    this.doc = sanitiseStrings(doc);
  }
}
