import { V3_COLLECTIONS, type V3CollectionName } from '../collections';
import { StorageSubscribeDto } from '../payloads/subscribe.dto';
import { INVALID_PAYLOAD_ACK_SCHEMA, RATE_LIMITED_ACK_SCHEMA, type Ack, type InvalidPayloadAck, type RateLimitedAck } from './acks';
import { alarmDeliveries, type AlarmServerToClientEvents } from './alarm';
import { schema, type ChannelContract, type EventPermission } from './contract';

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

const { object, string, integer, array, oneOf, named, constant } = schema;

const COLLECTION_SCHEMA = named('V3CollectionName', 'A collection of API v3.', { type: 'string', enum: V3_COLLECTIONS });
const DOCUMENT_SCHEMA = named(
  'StorageDocument',
  'A stored document as API v3 shows it: never `_id`, always `identifier` and `srvModified`.',
  object({ identifier: string(), srvModified: integer('epoch milliseconds of the last change'), srvCreated: integer('epoch milliseconds of the creation') }, ['identifier', 'srvModified']),
);
const CHANGE_SCHEMA = named('StorageChange', 'The collection and the document after the change.', object({ colName: COLLECTION_SCHEMA, doc: DOCUMENT_SCHEMA }, ['colName', 'doc']));
const ROOM: EventPermission = { permission: 'api:<collection>:read', description: 'Sockets subscribed to the collection (the room named after it).' };

/** The storage channel's events with their payloads, acknowledgements, permissions and rate limits. */
export const STORAGE_CHANNEL = {
  namespace: STORAGE_NAMESPACE,
  title: 'Storage channel',
  description:
    'The API v3 change feed: `create`, `update` and `delete` of every write, whatever its entry point, per subscribed collection (docs/protocol/storage-and-alarm-sockets.md §2).',
  receives: {
    subscribe: {
      summary: 'Subscribe to collections with an access token (or a JWT)',
      description: '`collections` that is not an array means all; `foods` means `food`; collections the token may not read are skipped.',
      dto: StorageSubscribeDto,
      ack: oneOf(
        named('StorageSubscribed', 'The collections granted, in request order.', object({ success: constant(true), collections: array(COLLECTION_SCHEMA) }, ['success', 'collections'])),
        object({ success: constant(false), message: { enum: ['Missing or bad accessToken', 'Unauthorized to receive any collection'] } }, ['success', 'message']),
        RATE_LIMITED_ACK_SCHEMA,
        INVALID_PAYLOAD_ACK_SCHEMA,
      ),
      permission: { permission: 'api:<collection>:read', description: 'Per collection: `api:<collection>:read`, `api:settings:admin` for settings; none granted fails.' },
      rateLimit: 'socket-read',
      credentials: { accessToken: ['accessToken', 'jwt'] },
    },
  },
  sends: {
    create: { summary: 'A document was inserted', payload: CHANGE_SCHEMA, permission: ROOM },
    update: { summary: 'A document was replaced, patched or deduplicated', payload: CHANGE_SCHEMA, permission: ROOM },
    delete: {
      summary: 'A document was deleted (soft or permanent)',
      payload: named('StorageDelete', 'The collection and the identifier of the deleted document.', object({ colName: COLLECTION_SCHEMA, identifier: string() }, ['colName', 'identifier'])),
      permission: ROOM,
    },
    ...alarmDeliveries({ permission: 'api:entries:read', description: 'Subscribers whose credentials may read entries (GAP-API-015).' }),
  },
} as const satisfies ChannelContract<StorageClientToServerEvents, StorageServerToClientEvents>;
