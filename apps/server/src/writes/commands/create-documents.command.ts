import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';

/**
 * What to do when a document matching the dedup filter already exists:
 * `keep` returns it unchanged; `replace` replaces it (keeping `_id` and `srvCreated`).
 */
export type OnDuplicate = 'keep' | 'replace';

export interface DocumentToCreate {
  doc: Record<string, unknown>;
  /** Filter identifying a duplicate; without one the document is always inserted. */
  dedup?: DocumentFilter;
  onDuplicate?: OnDuplicate;
}

export type CreateOutcome = 'created' | 'replaced' | 'duplicate';

export interface CreatedDocument {
  outcome: CreateOutcome;
  doc: StoredDocument;
  /** The stored document before a replace or as found for a duplicate. */
  previous?: StoredDocument;
}

/** Create one or many documents; dedup is atomic per document (upsert on the dedup filter). */
export class CreateDocumentsCommand extends Command<CreatedDocument[]> {
  constructor(
    readonly collection: CollectionName,
    readonly items: readonly DocumentToCreate[],
    readonly entryPoint: EntryPoint,
  ) {
    super();
  }
}
