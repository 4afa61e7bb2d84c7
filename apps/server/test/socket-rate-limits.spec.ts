import type { DataUpdatePayload, RateLimitedAck } from '@nightscout/protocol';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { io as connect, type Socket as ClientSocket } from 'socket.io-client';
import { next } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

type DbAddAck = Record<string, unknown>[] | RateLimitedAck;

const open = (server: TestServer, extraHeaders: Record<string, string> = {}) =>
  new Promise<ClientSocket>((resolve, reject) => {
    const socket = connect(server.url, { transports: ['websocket'], forceNew: true, reconnection: false, extraHeaders });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => {
      socket.close();
      reject(error);
    });
  });

const authorized = async (server: TestServer, secret: string) => {
  const socket = await open(server);
  await socket.emitWithAck('authorize', { secret });
  return socket;
};

/** Emits `count` dbAdd of distinct readings within a second and collects the acknowledgements. */
async function flood(socket: ClientSocket, count: number, from: number): Promise<DbAddAck[]> {
  const acks = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => socket.timeout(5_000).emitWithAck('dbAdd', { collection: 'entries', data: { type: 'sgv', sgv: 100 + i, date: from + i } })),
  );
  return acks.flatMap((a) => (a.status === 'fulfilled' ? [a.value as DbAddAck] : []));
}

describe('socket rate limits (REQ-API-022)', () => {
  describe('legacy writes with the default limits', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());

    it('answers the excess of 100 dbAdd in one second with the rate-limit ack, stores nothing beyond the limit, and leaves other clients alone', async () => {
      const flooder = await authorized(server, TEST_SECRET_SHA1);
      const other = await authorized(server, await createSubject(server, 'other uploader', ['admin']));
      const reader = await authorized(server, await createSubject(server, 'follower', ['readable']));

      const started = Date.now();
      const acks = await flood(flooder, 100, started - 200_000);
      const elapsedS = Math.ceil((Date.now() - started) / 1000);
      expect(elapsedS).toBeLessThanOrEqual(2);
      expect(acks).toHaveLength(100);
      // The burst of 20, and 2 more for each further second the flood took.
      const accepted = acks.filter(Array.isArray).length;
      expect(accepted).toBeGreaterThanOrEqual(20);
      expect(accepted).toBeLessThanOrEqual(20 + 2 * (elapsedS - 1));
      const limited = acks.filter((a): a is RateLimitedAck => !Array.isArray(a));
      expect(limited).toHaveLength(100 - accepted);
      for (const ack of limited) expect(ack).toEqual({ result: 'Rate limited', retryAfterMs: expect.any(Number) });
      expect(flooder.connected).toBe(true);
      const db = server.app.get<Connection>(getConnectionToken());
      expect(await db.collection('entries').countDocuments()).toBe(accepted);

      // Another uploader's write succeeds and its dataUpdate reaches followers.
      const delta = next<DataUpdatePayload>(reader as never, 'dataUpdate', (d) => (d.sgvs ?? []).some((s) => s.mgdl === 250));
      const ack = await other.emitWithAck('dbAdd', { collection: 'entries', data: { type: 'sgv', sgv: 250, date: Date.now() } });
      expect(ack).toEqual([expect.objectContaining({ sgv: 250 })]);
      await delta;

      // Past RATE_LIMIT_FLOOD_REJECTIONS (100) rejections in the window the server hangs up.
      const disconnected = new Promise<string>((resolve) => flooder.once('disconnect', resolve));
      await flood(flooder, 100, started - 100_000);
      expect(await disconnected).toBe('io server disconnect');
      expect(other.connected).toBe(true);
      for (const s of [other, reader]) s.close();
    });
  });

  describe('handshakes', () => {
    let servers: TestServer[];
    beforeAll(async () => {
      servers = await Promise.all([
        startTestServer({ RATE_LIMIT_HANDSHAKES_PER_MIN: '3' }),
        startTestServer({ RATE_LIMIT_HANDSHAKES_PER_MIN: '3', TRUST_PROXY: '1' }),
      ]);
    });
    afterAll(() => Promise.all(servers.map((s) => s.close())));

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
