import { Injectable, type OnModuleInit } from '@nestjs/common';
import { EventBus, EventsHandler, type IEventHandler } from '@nestjs/cqrs';
import { BSON } from 'mongodb';
import { DocumentsChangedEvent } from '../events/documents-changed.event';
import { ClusterBus } from './cluster-bus';

/** The event as it travels: EJSON keeps ObjectIds and dates what they were. */
interface WireChange {
  collection: DocumentsChangedEvent['collection'];
  operation: DocumentsChangedEvent['operation'];
  documents: DocumentsChangedEvent['documents'];
  entryPoint: DocumentsChangedEvent['entryPoint'];
  permanent: boolean;
  at: number;
}

export function encodeChange(event: DocumentsChangedEvent): string {
  const { collection, operation, documents, entryPoint, permanent, at } = event;
  return BSON.EJSON.stringify({ collection, operation, documents, entryPoint, permanent, at } satisfies WireChange, { relaxed: false });
}

export function decodeChange(payload: string, origin: string): DocumentsChangedEvent {
  // Relaxed: numbers come back as numbers (canonical parsing would wrap them in Int32/Double); ids and dates as written.
  const wire = BSON.EJSON.parse(payload, { relaxed: true }) as WireChange;
  const event = new DocumentsChangedEvent(wire.collection, wire.operation, wire.documents, wire.entryPoint, wire.permanent);
  event.at = wire.at;
  event.origin = origin;
  return event;
}

/**
 * Domain events across instances: this instance's go to the stream; other instances' come back
 * onto this instance's event bus, where every projection (data window and deltas, `/storage`, read
 * model, alarm inputs) applies them as its own, each once.
 */
@Injectable()
@EventsHandler(DocumentsChangedEvent)
export class ChangeRelay implements IEventHandler<DocumentsChangedEvent>, OnModuleInit {
  constructor(
    private readonly cluster: ClusterBus,
    private readonly events: EventBus,
  ) {}

  onModuleInit(): void {
    this.cluster.on('change', (payload, origin) => this.events.publish(decodeChange(payload, origin)));
  }

  handle(event: DocumentsChangedEvent): void {
    // Not awaited: the write path never waits on Redis.
    if (this.cluster.enabled && event.origin === undefined) void this.cluster.publish('change', encodeChange(event));
  }
}
