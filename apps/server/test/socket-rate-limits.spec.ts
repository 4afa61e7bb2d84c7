import type { RateLimitedAck } from '@nightscout/protocol';
import { Server } from 'socket.io';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { RateLimiter, handshakeLimit } from '../src/throttling';
import { startTestServer, type TestServer } from './support/test-server';

type WriteAck = { result: 'ok' } | RateLimitedAck;

/** A test namespace wired the way the gateways use RateLimiter: handshake middleware, one consume per write. */
function attachNamespace(server: TestServer): Server {
  const io = new Server(server.app.getHttpServer());
  const limiter = server.app.get(RateLimiter);
  const namespace = io.of('/limited');
  namespace.use(handshakeLimit(limiter));
  namespace.on('connection', (socket) => {
    socket.on('dbAdd', async (_doc: unknown, ack: (response: WriteAck) => void) => {
      const decision = await limiter.consume('socket-write', socket.id);
      if (decision.allowed) return ack({ result: 'ok' });
      ack({ result: 'Rate limited', retryAfterMs: decision.retryAfterMs });
      if (decision.disconnect) socket.disconnect(true);
    });
  });
  return io;
}

const open = (server: TestServer, extraHeaders: Record<string, string> = {}) =>
  new Promise<ClientSocket>((resolve, reject) => {
    const socket = connect(`${server.url}/limited`, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });

/** Emits `count` dbAdd within a second and collects the acknowledgements that arrive. */
async function flood(socket: ClientSocket, count: number): Promise<WriteAck[]> {
  const acks = await Promise.allSettled(Array.from({ length: count }, () => socket.timeout(1_000).emitWithAck('dbAdd', { type: 'sgv' })));
  return acks.flatMap((a) => (a.status === 'fulfilled' ? [a.value as WriteAck] : []));
}

describe('socket rate limits', () => {
  describe('writes (default limits)', () => {
    let server: TestServer;
    let io: Server;
    beforeAll(async () => {
      server = await startTestServer();
      io = attachNamespace(server);
    });
    afterAll(async () => {
      await io.close();
      await server.close();
    });

    it('acknowledges the excess of 100 dbAdd in one second as rate limited, keeps the socket, then disconnects a flooder', async () => {
      const flooder = await open(server);
      const bystander = await open(server);

      const started = Date.now();
      const acks = await flood(flooder, 100);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(acks).toHaveLength(100);
      expect(acks.filter((a) => a.result === 'ok')).toHaveLength(20);
      const limited = acks.filter((a): a is RateLimitedAck => a.result === 'Rate limited');
      expect(limited).toHaveLength(80);
      for (const ack of limited) expect(ack.retryAfterMs).toBeGreaterThan(0);
      expect(flooder.connected).toBe(true);

      // Another client is unaffected by the flood.
      expect(await bystander.emitWithAck('dbAdd', { type: 'sgv' })).toEqual({ result: 'ok' });

      // More than RATE_LIMIT_FLOOD_REJECTIONS (100) rejections in the window: the server hangs up.
      const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
      await flood(flooder, 100);
      expect(await disconnected).toBe('io server disconnect');
      expect(bystander.connected).toBe(true);
      bystander.close();
    });
  });

  describe('handshakes', () => {
    let servers: TestServer[];
    let ios: Server[];
    beforeAll(async () => {
      servers = await Promise.all([
        startTestServer({ RATE_LIMIT_HANDSHAKES_PER_MIN: '3' }),
        startTestServer({ RATE_LIMIT_HANDSHAKES_PER_MIN: '3', TRUST_PROXY: '1' }),
      ]);
      ios = servers.map(attachNamespace);
    });
    afterAll(async () => {
      await Promise.all(ios.map((io) => io.close()));
      await Promise.all(servers.map((s) => s.close()));
    });

    it('refuses handshakes per IP beyond the limit, ignoring X-Forwarded-For from an untrusted peer', async () => {
      const [server] = servers;
      const sockets = [await open(server), await open(server), await open(server, { 'x-forwarded-for': '198.51.100.1' })];
      await expect(open(server, { 'x-forwarded-for': '198.51.100.2' })).rejects.toThrow('Rate limited');
      for (const socket of sockets) expect(socket.connected).toBe(true);
      sockets.forEach((s) => s.close());
    });

    it('keys handshakes by the forwarded address when TRUST_PROXY trusts the peer', async () => {
      const [, server] = servers;
      const headers = { 'x-forwarded-for': '198.51.100.1' };
      const sockets = [await open(server, headers), await open(server, headers), await open(server, headers)];
      await expect(open(server, headers)).rejects.toThrow('Rate limited');
      sockets.push(await open(server, { 'x-forwarded-for': '198.51.100.2' }));
      sockets.forEach((s) => s.close());
    });
  });
});
