import { Inject, Logger, type OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayDisconnect, type OnGatewayInit } from '@nestjs/websockets';
import {
  LEGACY_CHANNEL,
  LEGACY_DATA_ROOM,
  LEGACY_NAMESPACE,
  PERMISSIONS,
  alarmEventName,
  resolveV1Collection,
  validateDocument,
  validatePayload,
  type AuthorizeAck,
  type DataUpdatePayload,
  type InvalidPayloadAck,
  type RateLimitedAck,
  type LegacyClientToServerEvents,
  type LegacyServerToClientEvents,
  type LegacyWriteRefusal,
  type V1CollectionName,
} from '@nightscout/protocol';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, grants } from '../../auth/auth.service';
import { ClusterBus } from '../../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { DATABASE_RETRY_AFTER_S, isTransientDatabaseError } from '../../storage/database-errors';
import { StoreRegistry } from '../../storage/store-registry';
import { AlarmEngine } from '../alarm/alarm-engine';
import { SocketThrottle, authorizeSocket, type ThrottledSocketData } from '../socket-throttle';
import { countDatabaseError, onInbound, preEncode, sendPreEncoded, socketIp, toWire, type PreEncodedEvent } from '../socket-handler';
import { socketMetrics } from '../socket-io.adapter';
import { DataWindowService } from './data-window.service';
import { legacyStatus } from './legacy-status';
import { LegacyWritesService } from './legacy-writes.service';

interface LegacySocketData extends ThrottledSocketData {
  flags?: AuthorizeAck;
}
type LegacySocket = Socket<LegacyClientToServerEvents, LegacyServerToClientEvents, Record<string, never>, LegacySocketData>;
type LegacyNamespace = Namespace<LegacyClientToServerEvents, LegacyServerToClientEvents, Record<string, never>, LegacySocketData>;
type WriteEvent = 'dbAdd' | 'dbUpdate' | 'dbUpdateUnset' | 'dbRemove';
type ByIdEvent = Exclude<WriteEvent, 'dbAdd'>;
/** The validated payload of a write event: an instance of its DTO in the channel contract. */
type WritePayload<E extends WriteEvent> = InstanceType<(typeof LEGACY_CHANNEL.receives)[E]['dto']>;
const { receives } = LEGACY_CHANNEL;

/** Connects and disconnects within this many ms share one `clients` broadcast. */
const CLIENTS_COALESCE_MS = 100;

const invalid = (errors: string[]): InvalidPayloadAck => ({ result: 'Invalid payload', errors });

/** The legacy root namespace `/` (docs/protocol/legacy-socket.md): the web UI's and older uploaders' channel. */
@WebSocketGateway({ namespace: LEGACY_NAMESPACE })
export class LegacyGateway implements OnGatewayInit, OnGatewayConnection, OnGatewayDisconnect, OnModuleDestroy {
  @WebSocketServer() private readonly nsp!: LegacyNamespace;
  private readonly logger = new Logger('LegacyGateway');
  private subscriptions: Subscription[] = [];
  private clientsTimer?: NodeJS.Timeout;
  /** The full snapshot encoded for the window version and dbstats it was made of (docs/performance.md, "Initial load"). */
  private encodedSnapshot?: { data: object; dbstats: string; message: PreEncodedEvent };

  constructor(
    private readonly auth: AuthService,
    private readonly dataWindow: DataWindowService,
    private readonly writes: LegacyWritesService,
    private readonly stores: StoreRegistry,
    private readonly throttle: SocketThrottle,
    private readonly alarms: AlarmEngine,
    private readonly cluster: ClusterBus,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  afterInit(): void {
    this.nsp.use(this.throttle.handshake());
    this.subscriptions = [
      // Each instance folds every change into its own window and tells its own sockets (docs/scale-out.md).
      this.dataWindow.deltas.subscribe((delta) => this.nsp.local.to(LEGACY_DATA_ROOM).emit('dataUpdate', delta)),
      // After missed changes the window was reloaded: its sockets get the whole of it again.
      this.dataWindow.reloaded.subscribe(() => void this.sendSnapshot()),
      // Followers get alarms on this socket too, as before Nightscout 15 (GAP-API-015); one instance raises them for all.
      this.alarms.notifications.subscribe((n) => this.nsp.to(LEGACY_DATA_ROOM).emit(alarmEventName(n), n)),
    ];
  }

  onModuleDestroy(): void {
    clearTimeout(this.clientsTimer);
    this.subscriptions.forEach((s) => s.unsubscribe());
  }

  handleConnection(socket: LegacySocket): void {
    this.countClients();
    onInbound(socket, 'authorize', (payload) => this.authorize(socket, payload));
    onInbound(socket, 'loadRetro', () => this.loadRetro(socket));
    onInbound(socket, 'dbAdd', (payload) =>
      this.write(socket, 'dbAdd', payload, false, async (collection, p) => {
        const docs = Array.isArray(p.data) ? p.data : [p.data];
        const errors = docs.flatMap((doc, i) => validateDocument(collection, doc).map((e) => (docs.length > 1 ? `data[${i}].${e}` : `data.${e}`)));
        if (errors.length > 0) return invalid(errors);
        return toWire(await this.writes.add(collection, docs));
      }),
    );
    this.onById(socket, 'dbUpdate', (c, p) => this.writes.update(c, String(p._id), p.data));
    this.onById(socket, 'dbUpdateUnset', (c, p) => this.writes.unset(c, String(p._id), p.data));
    this.onById(socket, 'dbRemove', (c, p) => this.writes.remove(c, String(p._id)));
  }

  /** The events that change one document by `_id`: they differ only in the write they make. */
  private onById<E extends ByIdEvent>(socket: LegacySocket, event: E, change: (collection: V1CollectionName, payload: WritePayload<E>) => Promise<unknown>): void {
    onInbound(socket, event as ByIdEvent, (payload) =>
      this.write(socket, event, payload, true, async (collection, p) => {
        await change(collection, p);
        return { result: 'success' as const };
      }),
    );
  }

  handleDisconnect(): void {
    this.countClients();
  }

  /**
   * Broadcasts the connection count (docs/protocol/legacy-socket.md §3.1) once per burst: sent on
   * every connect, N reconnecting clients cost N² messages (a server restart with 2,000 followers
   * sent four million). With `REDIS_URL`, the sockets of every instance, to every instance's sockets.
   */
  private countClients(): void {
    this.clientsTimer ??= setTimeout(() => {
      this.clientsTimer = undefined;
      void this.cluster.total('clients', this.nsp.sockets.size).then((total) => this.nsp.emit('clients', total));
    }, CLIENTS_COALESCE_MS);
  }

  private async sendSnapshot(): Promise<void> {
    const dbstats = await this.stores.dbStats();
    this.nsp.local.to(LEGACY_DATA_ROOM).emit('dataUpdate', this.dataWindow.window.snapshot(dbstats));
  }

  /** The acknowledgement, or undefined when the credentials failed and the socket was disconnected. */
  private async authorize(socket: LegacySocket, payload: unknown): Promise<AuthorizeAck | RateLimitedAck | InvalidPayloadAck | undefined> {
    const limited = await this.throttle.check(socket, receives.authorize.rateLimit);
    if (limited) return limited;
    const message = (payload ?? {}) as InstanceType<typeof receives.authorize.dto>;
    const errors = validatePayload(receives.authorize.dto, message);
    if (errors.length > 0) return invalid(errors);
    const resolution = await this.auth.resolve({ secret: message.secret ?? undefined, token: message.token ?? undefined, ip: socketIp(socket) });
    if (!resolution.ok) {
      socketMetrics(socket)?.socketRejections.inc({ namespace: socket.nsp.name, event: 'authorize', result: 'Unauthorized' });
      socket.disconnect(true);
      return undefined;
    }
    const { auth } = resolution;
    const flags: AuthorizeAck = {
      read: grants(auth, PERMISSIONS.anyRead),
      write: grants(auth, PERMISSIONS.anyWrite),
      write_treatment: grants(auth, PERMISSIONS.treatmentsWrite),
    };
    socket.data.flags = flags;
    authorizeSocket(socket, auth);
    socket.emit('connected');
    if (flags.read) {
      await this.dataWindow.ready;
      const dbstats = await this.stores.dbStats();
      // Joined only now, so that no delta reaches the socket before its snapshot; nothing is missed in between (no timer runs).
      await socket.join(LEGACY_DATA_ROOM);
      if (message.status) socket.emit('dataUpdate', { ...this.dataWindow.window.snapshot(dbstats), status: legacyStatus(this.config) });
      else sendPreEncoded(socket, this.snapshotMessage(dbstats));
    }
    return flags;
  }

  /**
   * The full snapshot as sent, encoded once per window version and dbstats and shared by every
   * reader (all get the same): encoding 175 KB of JSON took most of an `authorize`.
   */
  private snapshotMessage(dbstats: DataUpdatePayload['dbstats']): PreEncodedEvent {
    const data = this.dataWindow.window.snapshotData();
    const stats = JSON.stringify(dbstats);
    const cached = this.encodedSnapshot;
    if (cached?.data === data && cached.dbstats === stats) return cached.message;
    const message = preEncode(this.nsp, 'dataUpdate', { ...data, dbstats });
    this.encodedSnapshot = { data, dbstats: stats, message };
    return message;
  }

  /** Unlike the reference, retro data needs read permission. */
  private async loadRetro(socket: LegacySocket): Promise<{ result: 'success' } | LegacyWriteRefusal> {
    const limited = await this.throttle.check(socket, receives.loadRetro.rateLimit);
    if (limited) return limited;
    if (!socket.data.flags) return { result: 'Not authorized' };
    if (!socket.data.flags.read) return { result: 'Not permitted' };
    // After the acknowledgement, as in the reference.
    void this.dataWindow.ready.then(() => setImmediate(() => socket.emit('retroUpdate', { devicestatus: this.dataWindow.window.deviceStatus() })));
    return { result: 'success' };
  }

  /**
   * The checks every write event runs, in the reference's order (docs/protocol/legacy-socket.md §4.2), then payload
   * validation, then the write. Nothing is written unless all pass.
   */
  private async write<E extends WriteEvent, R>(
    socket: LegacySocket,
    event: E,
    payload: unknown,
    needsId: boolean,
    run: (collection: V1CollectionName, payload: WritePayload<E>) => Promise<R | LegacyWriteRefusal>,
  ): Promise<R | LegacyWriteRefusal> {
    const contract = receives[event];
    const limited = await this.throttle.check(socket, contract.rateLimit);
    if (limited) return limited;
    if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return invalid([`${event} needs an object payload`]);
    const message = payload as WritePayload<E> & { _id?: unknown };
    const collection = resolveV1Collection(message.collection);
    if (!collection) return { result: 'Wrong collection' };
    const flags = socket.data.flags;
    if (!flags) return { result: 'Not authorized' };
    if (!(collection === 'treatments' ? flags.write_treatment : flags.write)) return { result: 'Not permitted' };
    if (needsId && !message._id) return { result: 'Missing _id' };
    const errors = validatePayload<object>(contract.dto, message);
    if (errors.length > 0) return invalid(errors);
    try {
      return await run(collection, message);
    } catch (error) {
      countDatabaseError(socket, error);
      this.logger.error(`${event} from ${socketIp(socket)} failed: ${(error as Error)?.message ?? String(error)}`);
      // As HTTP's 503 with Retry-After: the same write may succeed once the database answers again.
      return isTransientDatabaseError(error) ? { result: 'Database error', retryAfterMs: DATABASE_RETRY_AFTER_S * 1000 } : { result: 'Database error' };
    }
  }
}
