import type { OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import {
  STORAGE_CHANNEL,
  STORAGE_NAMESPACE,
  V3_COLLECTIONS,
  alarmEventName,
  apiPermission,
  resolveV3Collection,
  validatePayload,
  type StorageClientToServerEvents,
  type StorageServerToClientEvents,
  type StorageSubscribeAck,
  type V3CollectionName,
} from '@nightscout/protocol';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, grants } from '../../auth/auth.service';
import type { DocumentsChangedEvent } from '../../events/documents-changed.event';
import { AlarmEngine } from '../alarm/alarm-engine';
import { SocketThrottle, authorizeSocket, type ThrottledSocketData } from '../socket-throttle';
import { onInbound } from '../socket-handler';
import { toStorageDocument } from './storage-documents';

type StorageSocket = Socket<StorageClientToServerEvents, StorageServerToClientEvents, Record<string, never>, ThrottledSocketData>;
type StorageNamespace = Namespace<StorageClientToServerEvents, StorageServerToClientEvents, Record<string, never>, ThrottledSocketData>;

/** Subscribers that may read glucose also get the alarm events here, so a follower needs one socket (GAP-API-015). */
export const STORAGE_ALARM_ROOM = 'alarms';
const BAD_TOKEN = { success: false, message: 'Missing or bad accessToken' } as const;

/** `/storage`: the per-collection change feed of every write, whatever its entry point. */
@WebSocketGateway({ namespace: STORAGE_NAMESPACE })
export class StorageGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  @WebSocketServer() private readonly nsp!: StorageNamespace;
  private alarmSubscription?: Subscription;

  constructor(
    private readonly auth: AuthService,
    private readonly throttle: SocketThrottle,
    private readonly alarms: AlarmEngine,
  ) {}

  afterInit(): void {
    this.nsp.use(this.throttle.handshake());
    this.alarmSubscription = this.alarms.notifications.subscribe((n) => this.nsp.to(STORAGE_ALARM_ROOM).emit(alarmEventName(n), n));
  }

  onModuleDestroy(): void {
    this.alarmSubscription?.unsubscribe();
  }

  handleConnection(socket: StorageSocket): void {
    onInbound(socket, 'subscribe', (payload) => this.subscribe(socket, payload));
  }

  /**
   * `create`/`update` carry the document as v3 shows it; `delete` only the identifier. To this
   * instance's sockets only: every instance gets every change once and tells its own (docs/scale-out.md).
   */
  broadcast(event: DocumentsChangedEvent): void {
    const colName = resolveV3Collection(event.collection);
    if (!colName) return;
    const subscribers = this.nsp.local.to(colName);
    for (const doc of event.documents) {
      if (event.operation === 'delete') subscribers.emit('delete', { colName, identifier: toStorageDocument(doc).identifier });
      else subscribers.emit(event.operation, { colName, doc: toStorageDocument(doc) });
    }
  }

  private async subscribe(socket: StorageSocket, payload: unknown): Promise<StorageSubscribeAck> {
    const { rateLimit, dto } = STORAGE_CHANNEL.receives.subscribe;
    const limited = await this.throttle.check(socket, rateLimit);
    if (limited) return limited;
    const message = (payload ?? {}) as InstanceType<typeof dto>;
    const errors = validatePayload(dto, message);
    if (errors.length > 0) return { result: 'Invalid payload', errors };
    // A JWT is accepted as well as an access token (an addition to the reference).
    const subject = message.accessToken ? this.auth.subjectForAccessTokenOrJwt(message.accessToken) : undefined;
    if (!subject) return BAD_TOKEN;
    const auth = this.auth.subjectAuthorization(subject);
    authorizeSocket(socket, auth);
    const requested = Array.isArray(message.collections) ? message.collections : V3_COLLECTIONS;
    const granted: V3CollectionName[] = [];
    for (const name of requested) {
      const collection = resolveV3Collection(name);
      if (!collection || granted.includes(collection)) continue;
      if (!grants(auth, apiPermission(collection, collection === 'settings' ? 'admin' : 'read'))) continue;
      granted.push(collection);
    }
    if (granted.length === 0) return { success: false, message: 'Unauthorized to receive any collection' };
    await socket.join(granted);
    if (grants(auth, apiPermission('entries', 'read'))) await socket.join(STORAGE_ALARM_ROOM);
    return { success: true, collections: granted };
  }
}
