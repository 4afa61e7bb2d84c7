import { EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { DataWindowService } from './data-window.service';

/** Projects every committed change into the legacy data window. */
@EventsHandler(DocumentsChangedEvent)
export class DataWindowListener implements IEventHandler<DocumentsChangedEvent> {
  constructor(private readonly dataWindow: DataWindowService) {}

  handle(event: DocumentsChangedEvent): Promise<void> {
    return this.dataWindow.apply(event);
  }
}
