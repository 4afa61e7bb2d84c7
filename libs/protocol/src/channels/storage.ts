import type { V3CollectionName } from '../collections';
import type { Ack, InvalidPayloadAck, RateLimitedAck } from './acks';
import type { AlarmServerToClientEvents } from './alarm';

/** The APIv3 change feed (docs/protocol/storage-and-alarm-sockets.md §2). */
export const STORAGE_NAMESPACE = '/storage';

export const STORAGE_EVENTS = {
  subscribe: 'subscribe',
  create: 'create',
  update: 'update',
  delete: 'delete',
} as const;

export interface StorageSubscribePayload {
  /** A subject access token; a JWT is accepted too (an addition to the reference). */
  accessToken?: string;
  /** Collections to follow; all when not an array. `foods` means `food`. */
  collections?: string[];
}

export type StorageSubscribeAck =
  | { success: true; collections: V3CollectionName[] }
  | { success: false; message: 'Missing or bad accessToken' | 'Unauthorized to receive any collection' }
  | RateLimitedAck
  | InvalidPayloadAck;

/** A stored v3 document as broadcast: never `_id`, always `identifier` and `srvModified`. */
export interface StorageDocument extends Record<string, unknown> {
  identifier: string;
  srvModified: number;
  srvCreated?: number;
}

export interface StorageChange {
  colName: V3CollectionName;
  doc: StorageDocument;
}

export interface StorageDelete {
  colName: V3CollectionName;
  identifier: string;
}

export interface StorageClientToServerEvents {
  subscribe: (payload: StorageSubscribePayload, ack?: Ack<StorageSubscribeAck>) => void;
}

/** `/storage` events; authorized subscribers also get the alarm events (GAP-API-015). */
export interface StorageServerToClientEvents extends AlarmServerToClientEvents {
  create: (change: StorageChange) => void;
  update: (change: StorageChange) => void;
  delete: (change: StorageDelete) => void;
}
