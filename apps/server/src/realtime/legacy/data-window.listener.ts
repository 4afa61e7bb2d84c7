import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { LEGACY_NAMESPACE } from '@nightscout/protocol';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { Metrics } from '../../observability/metrics';
import { DataWindowService } from './data-window.service';

/** Projects every committed change into the legacy data window. */
@EventsHandler(DocumentsChangedEvent)
export class DataWindowListener implements IEventHandler<DocumentsChangedEvent> {
  constructor(
    private readonly dataWindow: DataWindowService,
    private readonly metrics: Metrics,
  ) {}

  /** The delta is emitted on `/` as the window applies the change. */
  async handle(event: DocumentsChangedEvent): Promise<void> {
    await this.dataWindow.apply(event);
    this.metrics.writeToEvent.observe({ namespace: LEGACY_NAMESPACE }, (Date.now() - event.at) / 1000);
  }
}
