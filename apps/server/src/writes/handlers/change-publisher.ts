import { Injectable } from '@nestjs/common';
import { EventBus } from '@nestjs/cqrs';
import type { CollectionName } from '@nightscout/protocol';
import { DocumentsChangedEvent, type ChangeOperation, type EntryPoint } from '../../events/documents-changed.event';
import type { StoredDocument } from '../../storage/stored-document';

/** Publishes the domain event of a committed change; nothing when no document changed. */
@Injectable()
export class ChangePublisher {
  constructor(private readonly events: EventBus) {}

  publish(collection: CollectionName, operation: ChangeOperation, documents: StoredDocument[], entryPoint: EntryPoint, permanent = false): void {
    if (documents.length > 0) this.events.publish(new DocumentsChangedEvent(collection, operation, documents, entryPoint, permanent));
  }
}
