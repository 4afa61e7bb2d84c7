import type { DataUpdatePayload } from '@nightscout/protocol';
import { CreateDocumentsCommand } from '../src/writes';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

// socket.io-client 2.x speaks Engine.IO 3, as AndroidAPS before 3.2 does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ioV2 = require('socket.io-client-v2') as (url: string, options: object) => V2Socket;
interface V2Socket {
  on(event: string, handler: (...args: unknown[]) => void): void;
  emit(event: string, ...args: unknown[]): void;
  close(): void;
}

describe('a socket.io v2 client (Engine.IO 3)', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it.each([['websocket'], ['polling']])('authorizes over %s and receives dataUpdate snapshots and deltas', async (transport) => {
    const socket = ioV2(server.url, { transports: [transport], forceNew: true, reconnection: false });
    try {
      const updates: DataUpdatePayload[] = [];
      socket.on('dataUpdate', (d) => updates.push(d as DataUpdatePayload));
      const ack = await new Promise((resolve, reject) => {
        socket.on('connect_error', reject);
        socket.on('connect', () => socket.emit('authorize', { client: 'AndroidAPS', secret: TEST_SECRET_SHA1 }, resolve));
      });
      expect(ack).toEqual({ read: true, write: true, write_treatment: true });
      await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 123, date: Date.now() } }], 'api-v1'));
      for (let i = 0; i < 100 && !updates.some((u) => u.delta); i++) await new Promise((r) => setTimeout(r, 20));
      expect(updates[0]).toHaveProperty('sgvs');
      expect(updates.find((u) => u.delta)?.sgvs).toEqual([expect.objectContaining({ mgdl: 123 })]);
    } finally {
      socket.close();
    }
  });
});
