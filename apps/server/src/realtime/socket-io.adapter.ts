import type { IncomingMessage } from 'node:http';
import type { TLSSocket } from 'node:tls';
import type { INestApplicationContext } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { IoAdapter } from '@nestjs/platform-socket.io';
import type { MessageMappingProperties } from '@nestjs/websockets';
import type { Namespace, Server, ServerOptions, Socket } from 'socket.io';
import { securityHeaders } from '../http/security-headers.middleware';
import type { SocketRedis } from '../cluster/socket-redis';
import type { Metrics } from '../observability/metrics';
import { CollectAfterMassClose } from './collect-after-mass-close';

/** Largest message a client may send; the reference accepted 1 MB. */
export const MAX_SOCKET_MESSAGE_BYTES = 512 * 1024;

const logger = new Logger('Socket');
const serverMetrics = new WeakMap<Server, Metrics>();

/** The metrics of the server a socket belongs to (for code that has the socket but no injector). */
export const socketMetrics = (socket: Socket): Metrics | undefined => serverMetrics.get(socket.nsp.server);

/**
 * What socket.io reads of a session's first HTTP request when the client joins a namespace (headers,
 * URL, query, TLS), in place of the request itself, which Engine.IO would keep for the session's
 * life with its socket, parser state and buffers ("Memory usage" in socket.io's documentation
 * drops it; a copy keeps later namespace handshakes whole).
 */
function handshakeView(request: IncomingMessage & { _query?: unknown }) {
  return {
    headers: request.headers,
    url: request.url,
    _query: request._query,
    connection: { encrypted: Boolean((request.socket as TLSSocket | undefined)?.encrypted) },
  };
}

type Adapter = { broadcast(packet: { data?: unknown[] }, opts: { flags?: Record<string, unknown> }): unknown };
type AdapterFactory = (nsp: Namespace) => Adapter;
type AdapterSetting = Parameters<Server['adapter']>[0];

/**
 * The adapters `create` makes, counting each broadcast once per namespace and event, and keeping
 * broadcasts on this instance while `crossInstance` says they cannot reach others (Redis lost).
 */
function countingAdapter(create: AdapterFactory, metrics: Metrics, crossInstance: () => boolean): AdapterSetting {
  // socket.io calls it with `new`: returning an object makes that object the adapter.
  return function (nsp: Namespace) {
    const adapter = create(nsp);
    const broadcast = adapter.broadcast.bind(adapter);
    adapter.broadcast = (packet, opts) => {
      const event = packet.data?.[0];
      if (typeof event === 'string') metrics.socketEventsEmitted.inc({ namespace: nsp.name, event });
      return broadcast(packet, crossInstance() ? opts : { ...opts, flags: { ...opts.flags, local: true } });
    };
    return adapter;
  } as unknown as AdapterSetting;
}

/**
 * One socket.io server on the HTTP port for all three namespaces, configured like the reference:
 * Engine.IO 3 clients accepted (AndroidAPS before 3.2, socket.io v2), polling and websocket.
 * Polling responses are compressed from 512 bytes; websocket messages are not (the reference
 * compressed them): permessage-deflate keeps a zlib context per connection and compresses every
 * broadcast once per socket, which took 2,000 followers' server to 641 MiB and 250 ms per
 * authorize (docs/performance.md). Connections are counted and logged (debug)
 * per namespace; a mass disconnect is followed by one full garbage collection (./collect-after-mass-close.ts). With `REDIS_URL`, room broadcasts go through Redis to every instance (docs/scale-out.md).
 */
export class NightscoutIoAdapter extends IoAdapter {
  private readonly collector = new CollectAfterMassClose();

  constructor(
    app: INestApplicationContext,
    private readonly metrics: Metrics,
    private readonly redis: SocketRedis,
  ) {
    super(app);
  }

  override createIOServer(port: number, options?: ServerOptions) {
    const server: Server = super.createIOServer(port, {
      ...options,
      allowEIO3: true,
      transports: ['polling', 'websocket'],
      perMessageDeflate: false,
      httpCompression: { threshold: 512 },
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      // Followers on other sites connect too; credentials travel in payloads, never in cookies.
      cors: { origin: true },
    } as ServerOptions);
    // Engine.IO answers /socket.io/ before Express sees the request: its responses (errors too) get the headers here.
    server.engine.use(securityHeaders);
    if (!serverMetrics.has(server)) {
      server.engine.on('connection', (raw: { request: unknown; once(event: 'close', listener: () => void): void }) => {
        raw.request = handshakeView(raw.request as IncomingMessage);
        raw.once('close', () => this.collector.closedOne());
      });
      serverMetrics.set(server, this.metrics);
      const inMemory = server.adapter() as unknown as new (nsp: Namespace) => Adapter;
      const create = (this.redis.adapter() as AdapterFactory | undefined) ?? ((nsp: Namespace) => new inMemory(nsp));
      server.adapter(countingAdapter(create, this.metrics, () => this.redis.crossInstance));
      this.observe(server.of('/'));
      server.on('new_namespace', (nsp: Namespace) => this.observe(nsp));
    }
    return server;
  }

  /**
   * The gateways register their events with `onInbound` (./socket-handler.ts), none with
   * `@SubscribeMessage`, so Nest has nothing to bind; yet it would build an rxjs disconnect stream
   * for every socket and keep it in a WeakMap: 3 of the 16.6 KiB an idle `/` socket kept on the
   * heap (docs/performance.md, "Memory").
   */
  override bindMessageHandlers(socket: Socket, handlers: MessageMappingProperties[], transform: Parameters<IoAdapter['bindMessageHandlers']>[2]): void {
    if (handlers.length > 0) super.bindMessageHandlers(socket, handlers, transform);
  }

  private observe(nsp: Namespace): void {
    const namespace = nsp.name;
    nsp.on('connection', (socket: Socket) => {
      this.metrics.socketConnections.inc({ namespace });
      logger.debug(`${namespace} connect ${socket.id} from ${socket.handshake.address}`);
      socket.onAnyOutgoing((event: string) => this.metrics.socketEventsEmitted.inc({ namespace, event }));
      socket.once('disconnect', (reason) => {
        this.metrics.socketConnections.dec({ namespace });
        logger.debug(`${namespace} disconnect ${socket.id}: ${reason}`);
      });
    });
  }
}
