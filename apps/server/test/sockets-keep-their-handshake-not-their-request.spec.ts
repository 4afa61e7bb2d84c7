import { IncomingMessage } from 'node:http';
import type { Namespace } from 'socket.io';
import { Manager, type Socket as ClientSocket } from 'socket.io-client';
import { LegacyGateway } from '../src/realtime/legacy/legacy.gateway';
import { startTestServer, type TestServer } from './support/test-server';

const connected = (socket: ClientSocket) =>
  new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });

/** A session's first HTTP request is let go after the handshake (docs/performance.md, "Memory"). */
describe('sockets keep their handshake, not their first request', () => {
  let server: TestServer;
  let io: Namespace['server'];
  beforeAll(async () => {
    server = await startTestServer();
    io = (server.app.get(LegacyGateway) as unknown as { nsp: Namespace }).nsp.server;
  });
  afterAll(() => server.close());

  it.each(['websocket', 'polling'])('over %s, a namespace joined later still sees the headers and query', async (transport) => {
    const manager = new Manager(server.url, {
      transports: [transport],
      reconnection: false,
      extraHeaders: { 'x-forwarded-for': '203.0.113.7' },
      query: { probe: transport },
    });
    const legacy = manager.socket('/');
    await connected(legacy);
    // The second namespace's handshake is built after the first request was let go.
    const storage = manager.socket('/storage');
    await connected(storage);
    try {
      for (const [name, client] of [['/', legacy], ['/storage', storage]] as const) {
        const socket = io.of(name).sockets.get(client.id!)!;
        expect(socket.handshake.headers['x-forwarded-for']).toBe('203.0.113.7');
        expect(socket.handshake.query.probe).toBe(transport);
        expect(socket.handshake.secure).toBe(false);
        expect(socket.request).not.toBeInstanceOf(IncomingMessage);
      }
    } finally {
      legacy.close();
      storage.close();
    }
  });
});
