import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { StorageGateway } from './storage.gateway';

/** Projects every committed change onto `/storage`, closing GAP-API-014 (v1 and legacy writes included). */
@EventsHandler(DocumentsChangedEvent)
export class StorageBroadcasterListener implements IEventHandler<DocumentsChangedEvent> {
  constructor(private readonly gateway: StorageGateway) {}

  handle(event: DocumentsChangedEvent): void {
    this.gateway.broadcast(event);
  }
}
