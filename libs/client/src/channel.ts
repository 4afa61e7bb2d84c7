import type { Manager, Socket } from 'socket.io-client';
import { AckTimeoutError, ConnectionLostError, NotConnectedError } from './errors';
import { Signal } from './signal';

/**
 * Where a channel stands: `connecting` before its first connection, `connected` once it is
 * authorized (or subscribed), `reconnecting` after it lost the connection and while socket.io
 * retries, `offline` when the device has no network or the client closed it, `refused` when the
 * server did not accept the credentials (nothing is retried until they change).
 */
export type ConnectionStatus = 'connecting' | 'connected' | 'reconnecting' | 'offline' | 'refused';

/** The result of a channel's handshake (`authorize` or `subscribe`) after each connection. */
export type HandshakeResult = { ok: true } | { ok: false; refused: true } | { ok: false; retryAfterMs: number };

// Event maps are interfaces of listener signatures: only an `any` index signature admits interfaces.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type EventsMap = { [event: string]: any };
/** The acknowledgement type of an event declared as `(payload, ack?: (response: R) => void) => void`. */
export type AckOf<F> = F extends (payload: never, ack?: (response: infer R) => void) => void ? R : never;
export type PayloadOf<F> = F extends (payload: infer P, ack?: never) => void ? P : never;
/** The payload a listener of a server event receives (the listener's first parameter). */
export type EventPayload<F> = F extends (...args: infer A) => void ? A[0] : never;

export interface ChannelOptions {
  ackTimeoutMs: number;
  /** Wait before retrying a handshake that failed for a reason other than the credentials. */
  retryDelayMs: number;
}

/** The browser's network events, when there is a browser. */
const browserWindow = (): Pick<Window, 'addEventListener' | 'removeEventListener'> | undefined =>
  typeof globalThis.addEventListener === 'function' ? (globalThis as unknown as Window) : undefined;
const deviceOffline = (): boolean => (globalThis as { navigator?: { onLine?: boolean } }).navigator?.onLine === false;

/**
 * One socket.io namespace with its lifecycle handled once: the handshake after every (re)connection,
 * a status a person can be shown, acknowledgements with a timeout, and writes refused locally while
 * not authorized (socket.io would otherwise buffer them and send them before the next handshake).
 */
export abstract class Channel<Listen extends EventsMap, Emit extends EventsMap> {
  readonly socket: Socket<Listen, Emit>;
  readonly status = new Signal<ConnectionStatus>('connecting');
  private handshaking = false;
  /** Counts connections and re-handshakes: a handshake that finishes after a newer one started is ignored. */
  private generation = 0;
  private retryTimer?: ReturnType<typeof setTimeout>;
  private closed = false;
  private readonly cleanups: (() => void)[] = [];
  /** Requests waiting for their acknowledgement: failed at once when the connection goes. */
  private readonly pending = new Set<(error: Error) => void>();

  protected constructor(
    manager: Manager,
    readonly namespace: string,
    protected readonly options: ChannelOptions,
  ) {
    this.socket = manager.socket(namespace) as Socket<Listen, Emit>;
    const socket = this.socket as unknown as Socket;
    socket.on('connect', () => void this.runHandshake());
    socket.on('disconnect', (reason) => this.onDisconnect(reason));
    socket.on('connect_error', () => this.onConnectError());
    const onReconnectAttempt = () => this.lost();
    manager.on('reconnect_attempt', onReconnectAttempt);
    const onReconnectFailed = () => this.status.set('offline');
    manager.on('reconnect_failed', onReconnectFailed);
    this.cleanups.push(() => manager.off('reconnect_attempt', onReconnectAttempt), () => manager.off('reconnect_failed', onReconnectFailed));
    const win = browserWindow();
    if (win) {
      const offline = () => this.status.value !== 'refused' && this.status.set('offline');
      // Back online: the connection may have survived without delivering, so authorize again and
      // let the next snapshot resynchronise (or reconnect when it did not survive).
      const online = () => this.status.value === 'offline' && !this.closed && this.rehandshake();
      win.addEventListener('offline', offline);
      win.addEventListener('online', online);
      this.cleanups.push(() => win.removeEventListener('offline', offline), () => win.removeEventListener('online', online));
    }
  }

  /** Authorizes or subscribes on a fresh connection. */
  protected abstract handshake(): Promise<HandshakeResult>;

  /** True once the handshake of the current connection succeeded. */
  get ready(): boolean {
    return this.status.value === 'connected' && this.socket.connected;
  }

  /** Listens to a server event; returns the function that stops listening. */
  on<K extends keyof Listen & string>(event: K, listener: Listen[K]): () => void {
    const socket = this.socket as unknown as Socket;
    socket.on(event, listener);
    return () => socket.off(event, listener);
  }

  /**
   * Resolves with the payload of the next `event` that satisfies `match` (any when omitted);
   * rejects after `timeoutMs`. Listen before the action that causes the event: it may arrive
   * before that action's own answer.
   */
  next<K extends keyof Listen & string>(event: K, match: (payload: EventPayload<Listen[K]>) => boolean = () => true, timeoutMs = this.options.ackTimeoutMs): Promise<EventPayload<Listen[K]>> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`no ${event} on ${this.namespace} within ${timeoutMs} ms`));
      }, timeoutMs);
      const stop = this.on(event, ((payload: EventPayload<Listen[K]>) => {
        if (!match(payload)) return;
        clearTimeout(timer);
        stop();
        resolve(payload);
      }) as Listen[K]);
    });
  }

  /** Every payload of `event` from now on, in arrival order (a log for followers and tests). */
  record<K extends keyof Listen & string>(event: K): EventPayload<Listen[K]>[] {
    const seen: EventPayload<Listen[K]>[] = [];
    this.cleanups.push(this.on(event, ((payload: EventPayload<Listen[K]>) => seen.push(payload)) as Listen[K]));
    return seen;
  }

  /**
   * Resolves once the channel is connected and its handshake succeeded; rejects when the server
   * refused the credentials, or after `timeoutMs`.
   */
  whenConnected(timeoutMs = this.options.ackTimeoutMs): Promise<void> {
    return new Promise((resolve, reject) => {
      const settle = (status: ConnectionStatus): boolean => {
        if (status === 'connected') resolve();
        else if (status === 'refused') reject(new Error(`${this.namespace} refused the credentials`));
        else return false;
        clearTimeout(timer);
        stop();
        return true;
      };
      const timer = setTimeout(() => {
        stop();
        reject(new Error(`${this.namespace} not connected within ${timeoutMs} ms (${this.status.value})`));
      }, timeoutMs);
      const stop = this.status.subscribe(settle);
      settle(this.status.value);
    });
  }

  /** Closes the channel for good. */
  close(): void {
    this.closed = true;
    clearTimeout(this.retryTimer);
    this.failPending();
    this.cleanups.splice(0).forEach((f) => f());
    this.socket.disconnect();
    this.status.set('offline');
  }

  /** Runs the handshake again on the open connection (after the credentials changed). */
  rehandshake(): void {
    if (this.socket.connected) void this.runHandshake();
    else this.reconnectNow();
  }

  /**
   * Emits an event with an acknowledgement callback and resolves with the acknowledgement.
   * Refused without sending when the channel is not authorized, unless `beforeReady` (the handshake).
   */
  protected request<K extends keyof Emit & string>(event: K, payload: PayloadOf<Emit[K]>, beforeReady = false): Promise<AckOf<Emit[K]>> {
    if (!(beforeReady ? this.socket.connected : this.ready)) return Promise.reject(new NotConnectedError(this.namespace));
    const ms = this.options.ackTimeoutMs;
    return new Promise((resolve, reject) => {
      const fail = (error: Error) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => fail(new AckTimeoutError(event, ms)), ms);
      this.pending.add(fail);
      (this.socket as unknown as Socket).emit(event, payload, (response: AckOf<Emit[K]>) => {
        clearTimeout(timer);
        this.pending.delete(fail);
        resolve(response);
      });
    });
  }

  /** socket.io drops the acknowledgements of a connection that is gone: their requests fail now. */
  private failPending(): void {
    [...this.pending].forEach((fail) => fail(new ConnectionLostError(this.namespace)));
  }

  private async runHandshake(): Promise<void> {
    if (this.closed) return;
    const generation = ++this.generation;
    this.handshaking = true;
    clearTimeout(this.retryTimer);
    let result: HandshakeResult;
    try {
      result = await this.handshake();
    } catch {
      result = { ok: false, retryAfterMs: this.options.retryDelayMs };
    }
    if (generation !== this.generation) return;
    this.handshaking = false;
    if (!this.socket.connected) return; // the disconnect handler has set the status
    if (result.ok) this.status.set('connected');
    else if ('refused' in result) this.status.set('refused');
    else this.retryTimer = setTimeout(() => void this.runHandshake(), result.retryAfterMs);
  }

  private onDisconnect(reason: Socket.DisconnectReason): void {
    // A connection that died unnoticed (a device that slept) is found out by the next emit, which
    // socket.io then buffers to send after reconnecting, before the handshake. Those writes are
    // failed here, so they must never go out.
    this.socket.sendBuffer.length = 0;
    this.failPending();
    if (this.closed || reason === 'io client disconnect') return;
    if (reason === 'io server disconnect') {
      // The legacy channel drops a socket whose credentials failed; otherwise (a flooder) try later.
      if (this.handshaking) {
        this.status.set('refused');
        return;
      }
      this.retryTimer = setTimeout(() => this.reconnectNow(), this.options.retryDelayMs);
    }
    this.lost();
  }

  /** A handshake refused by middleware (too many connections) is not retried by socket.io: retry later. */
  private onConnectError(): void {
    this.lost();
    if (!this.socket.active && !this.closed) this.retryTimer = setTimeout(() => this.reconnectNow(), this.options.retryDelayMs);
  }

  private lost(): void {
    if (this.closed || this.status.value === 'refused') return;
    this.status.set(deviceOffline() ? 'offline' : this.status.value === 'connecting' ? 'connecting' : 'reconnecting');
  }

  private reconnectNow(): void {
    if (this.closed) return;
    clearTimeout(this.retryTimer);
    if (this.socket.connected) return;
    if (this.status.value === 'refused' || this.status.value === 'offline') this.status.set('reconnecting');
    this.socket.connect();
  }
}
