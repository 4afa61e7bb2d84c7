import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { STORAGE_NAMESPACE } from '@nightscout/protocol';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { Metrics } from '../../observability/metrics';
import { StorageGateway } from './storage.gateway';

/** Projects every committed change onto `/storage`, closing GAP-API-014 (v1 and legacy writes included). */
@EventsHandler(DocumentsChangedEvent)
export class StorageBroadcasterListener implements IEventHandler<DocumentsChangedEvent> {
  constructor(
    private readonly gateway: StorageGateway,
    private readonly metrics: Metrics,
  ) {}

  handle(event: DocumentsChangedEvent): void {
    this.gateway.broadcast(event);
    this.metrics.writeToEvent.observe({ namespace: STORAGE_NAMESPACE }, (Date.now() - event.at) / 1000);
  }
}
