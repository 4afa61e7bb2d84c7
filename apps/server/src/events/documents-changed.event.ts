import type { CollectionName } from '@nightscout/protocol';
import type { StoredDocument } from '../storage/stored-document';

/** Where a write came in; projections may treat entry points differently, stores never do. */
export type EntryPoint = 'api-v1' | 'api-v3' | 'socket' | 'system';

export type ChangeOperation = 'create' | 'update' | 'delete';

/**
 * The one domain event of the write path: published once per change, after it is committed.
 * `documents` are the documents after the change (for a permanent delete, as they were).
 */
export class DocumentsChangedEvent {
  at = Date.now();
  /** The instance that made the change, when another one did (docs/scale-out.md); undefined for this process's own. */
  origin?: string;

  constructor(
    readonly collection: CollectionName,
    readonly operation: ChangeOperation,
    readonly documents: readonly StoredDocument[],
    readonly entryPoint: EntryPoint,
    /** For deletes: removed from the database (true) or only marked `isValid: false`. */
    readonly permanent = false,
  ) {}
}
