import { Command } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import type { EntryPoint } from '../../events/documents-changed.event';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { sanitiseStrings } from '../sanitise';

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

/**
 * Create one or many documents; dedup is atomic per document (upsert on the dedup filter).
 * Client text is sanitised here for every entry point; the dedup filter repeats the document's
 * values, so it is sanitised alike and a document still matches its own filter.
 */
export class CreateDocumentsCommand extends Command<CreatedDocument[]> {
  readonly items: readonly DocumentToCreate[];

  constructor(
    readonly collection: CollectionName,
    items: readonly DocumentToCreate[],
    readonly entryPoint: EntryPoint,
  ) {
    super();
    this.items = items.map((item) => ({ ...item, doc: sanitiseStrings(item.doc), ...(item.dedup ? { dedup: sanitiseStrings(item.dedup) } : {}) }));
  }
}
