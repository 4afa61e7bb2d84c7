import type { OnModuleDestroy } from '@nestjs/common';
import { WebSocketGateway, WebSocketServer, type OnGatewayConnection, type OnGatewayInit } from '@nestjs/websockets';
import {
  ALARM_CHANNEL,
  ALARM_NAMESPACE,
  PERMISSIONS,
  type AlarmSubscribeDto,
  alarmEventName,
  apiPermission,
  validatePayload,
  type AlarmClientToServerEvents,
  type AlarmServerToClientEvents,
  type AlarmSubscribeAck,
} from '@nightscout/protocol';
import type { Subscription } from 'rxjs';
import type { Namespace, Socket } from 'socket.io';
import { AuthService, grants, type Authorization } from '../../auth/auth.service';
import { SocketThrottle, authorizeSocket, type ThrottledSocketData } from '../socket-throttle';
import { onInbound, socketIp } from '../socket-handler';
import { AlarmEngine } from './alarm-engine';

interface AlarmSocketData extends ThrottledSocketData {
  canAck?: boolean;
}
type AlarmSocket = Socket<AlarmClientToServerEvents, AlarmServerToClientEvents, Record<string, never>, AlarmSocketData>;
type AlarmNamespace = Namespace<AlarmClientToServerEvents, AlarmServerToClientEvents, Record<string, never>, AlarmSocketData>;

/** Sockets that subscribed and may read glucose: the only ones alarms go to (the reference sent them to every socket). */
export const ALARM_SUBSCRIBERS_ROOM = 'subscribers';
const BAD_TOKEN = { success: false, message: 'Missing or bad accessToken' } as const;
const MAX_SILENCE_MS = 24 * 3600_000;
const { subscribe: SUBSCRIBE, ack: ACK } = ALARM_CHANNEL.receives;

/** `/alarm`: alarms, announcements and notifications, and the `ack` that silences them. */
@WebSocketGateway({ namespace: ALARM_NAMESPACE })
export class AlarmGateway implements OnGatewayInit, OnGatewayConnection, OnModuleDestroy {
  @WebSocketServer() private readonly nsp!: AlarmNamespace;
  private subscription?: Subscription;

  constructor(
    private readonly auth: AuthService,
    private readonly engine: AlarmEngine,
    private readonly throttle: SocketThrottle,
  ) {}

  afterInit(): void {
    this.nsp.use(this.throttle.handshake());
    this.subscription = this.engine.notifications.subscribe((n) => this.nsp.to(ALARM_SUBSCRIBERS_ROOM).emit(alarmEventName(n), n));
  }

  onModuleDestroy(): void {
    this.subscription?.unsubscribe();
  }

  /** One `ack` handler per socket, however often it subscribes (the reference stacked them). */
  handleConnection(socket: AlarmSocket): void {
    onInbound(socket, 'subscribe', (payload) => this.subscribe(socket, payload));
    onInbound(socket, 'ack', (level, group, silenceMs) => this.acknowledge(socket, level, group, silenceMs));
  }

  private async subscribe(socket: AlarmSocket, payload: unknown): Promise<AlarmSubscribeAck> {
    const limited = await this.throttle.check(socket, SUBSCRIBE.rateLimit);
    if (limited) return limited;
    const message = (payload ?? {}) as AlarmSubscribeDto;
    const errors = validatePayload(SUBSCRIBE.dto, message);
    if (errors.length > 0) return { result: 'Invalid payload', errors };
    const auth = await this.authorization(socket, message);
    if (!auth) return BAD_TOKEN;
    const read = grants(auth, apiPermission('entries', 'read'));
    // Both styles need notifications:*:ack to silence alarms (style A needed nothing in the reference).
    socket.data.canAck = grants(auth, ACK.permission.permission);
    authorizeSocket(socket, auth);
    if (read) await socket.join(ALARM_SUBSCRIBERS_ROOM);
    return message.accessToken ? { success: true, message: 'Subscribed for alarms' } : { success: true, message: 'Subscribed for alarms', read: grants(auth, PERMISSIONS.anyRead), ack: socket.data.canAck };
  }

  /** Style A: a subject access token (or JWT); style B: the normal resolver with `secret` / `jwtToken`. */
  private async authorization(socket: AlarmSocket, message: AlarmSubscribeDto): Promise<Authorization | undefined> {
    if (message.accessToken) {
      const subject = this.auth.subjectForAccessTokenOrJwt(message.accessToken);
      return subject && this.auth.subjectAuthorization(subject);
    }
    const resolution = await this.auth.resolve({ secret: message.secret, token: message.jwtToken, ip: socketIp(socket) });
    return resolution.ok ? resolution.auth : undefined;
  }

  /** Acks from sockets without the permission, or with malformed arguments, are dropped (no reply, as in the reference). */
  private async acknowledge(socket: AlarmSocket, level: unknown, group: unknown, silenceMs: unknown): Promise<void> {
    if (await this.throttle.check(socket, ACK.rateLimit)) return;
    if (!socket.data.canAck) return;
    if (typeof level !== 'number' || !Number.isInteger(level) || level < -3 || level > 2) return;
    if (typeof group !== 'string' || group.length === 0 || group.length > 128) return;
    const silence = typeof silenceMs === 'number' && Number.isFinite(silenceMs) && silenceMs >= 0 ? Math.min(silenceMs, MAX_SILENCE_MS) : 0;
    await this.engine.ack(level, group, silence, true);
  }
}
