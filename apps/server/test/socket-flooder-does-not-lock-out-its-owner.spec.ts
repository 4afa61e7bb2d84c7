import { RefusedError, type LegacyChannel } from '@nightscout/client';
import type { DbAddAck, RateLimitedAck } from '@nightscout/protocol';
import { StoreRegistry } from '../src/storage/store-registry';
import { closeLibraryClients, legacyReceiver } from './support/library-clients';
import { closeClients, legacyClient, request, sleep, type LegacyClient } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

const isLimited = (ack: DbAddAck): ack is RateLimitedAck => !Array.isArray(ack) && ack.result === 'Rate limited';

/** The flooder: a raw socket, as no client of the library sends without waiting for answers. */
async function authorized(server: TestServer, secret: string): Promise<LegacyClient> {
  const socket = await legacyClient(server);
  expect(await request(socket, 'authorize', { secret })).toMatchObject({ write: true });
  return socket;
}

/** A well-behaved device of the identity: the library, with the API secret or an access token. */
async function device(server: TestServer, token?: string): Promise<LegacyChannel> {
  const legacy = await legacyReceiver(server, token ? { token } : undefined);
  expect(legacy.flags.value).toMatchObject({ write: true });
  return legacy;
}

const closeAll = () => {
  closeClients();
  closeLibraryClients();
};

/** One queued item of an uploader's backlog. */
const reading = (i: number) => ({ collection: 'entries' as const, data: { type: 'sgv', sgv: 40 + i, date: Date.UTC(2024, 0, 1) + i * 300_000, device: 'backlog' } });

const treatment = (tag: string, i: number) => ({
  collection: 'treatments' as const,
  data: { eventType: 'Correction Bolus', insulin: 0.1, NSCLIENT_ID: `${tag}-${i}`, created_at: new Date(Date.UTC(2024, 0, 1) + i * 60_000).toISOString() },
});

/** REQ-API-022: limit the abuser, not its owner's other devices (the careportal, AndroidAPS and xDrip+ share the API secret). */
describe('a flooding socket does not lock out the other devices of its identity', () => {
  describe('with the default limits', () => {
    let server: TestServer;
    beforeAll(async () => {
      server = await startTestServer();
    });
    afterAll(() => server.close());
    afterEach(closeAll);

    it('socket A floods; socket B of the same identity still writes; socket C of another identity is unaffected', async () => {
      const a = await authorized(server, TEST_SECRET_SHA1);
      const b = await device(server);
      const c = await device(server, await createSubject(server, 'other uploader', ['admin']));

      const started = Date.now();
      const acks = await Promise.all(Array.from({ length: 100 }, (_, i) => request<DbAddAck>(a, 'dbAdd', treatment('flood', i))));
      const elapsedS = Math.ceil((Date.now() - started) / 1000);
      const accepted = acks.filter(Array.isArray).length;
      // A burst of RATE_LIMIT_SOCKET_WRITES_PER_10S (20), then 2 a second.
      expect(accepted).toBeGreaterThanOrEqual(20);
      expect(accepted).toBeLessThanOrEqual(20 + 2 * (elapsedS - 1));
      expect(acks.filter(isLimited)).toHaveLength(100 - accepted);

      // B and C each write as much as a socket may, right after the flood.
      for (const [legacy, tag] of [[b, 'b'], [c, 'c']] as const) {
        for (let i = 0; i < 10; i++) expect(await legacy.dbAdd('treatments', treatment(tag, i).data)).toEqual([expect.objectContaining({ NSCLIENT_ID: `${tag}-${i}` })]);
      }
      // The flooder was limited, not disconnected: its first 100 refusals are within RATE_LIMIT_FLOOD_REJECTIONS.
      expect(a.connected).toBe(true);
    });
  });

  describe('a reconnecting uploader sending its backlog, one item per acknowledgement', () => {
    let server: TestServer;
    let limit: number;
    beforeAll(async () => {
      // The backlog must meet the limit, and this machine may be busy: the limit follows how fast
      // it stores readings one per acknowledgement (r a second). With 2.5 r per 10 s the burst is
      // used within about 3 s and the sustained rate is a quarter of r, so the backlog meets it even
      // if the machine gets four times slower; capped so that an idle machine runs it in seconds.
      const unlimited = await startTestServer({ RATE_LIMIT_SOCKET_WRITES_PER_10S: '0' });
      const legacy = await device(unlimited);
      const started = Date.now();
      for (let i = 0; i < 20; i++) await legacy.dbAdd('entries', reading(i).data);
      const perSecond = 20_000 / (Date.now() - started);
      closeAll();
      await unlimited.close();
      limit = Math.max(20, Math.min(120, Math.floor(2.5 * perSecond)));
      server = await startTestServer({ RATE_LIMIT_SOCKET_WRITES_PER_10S: String(limit) });
    });
    afterAll(() => server.close());
    afterEach(closeAll);

    it('stores all 200 items when the client waits retryAfterMs and resends a limited item', async () => {
      const uploader = await device(server);
      let limited = 0;
      for (let i = 0; i < 200; i++) {
        for (;;) {
          try {
            expect(await uploader.dbAdd('entries', reading(i).data)).toEqual([expect.objectContaining({ sgv: 40 + i })]);
            break;
          } catch (error) {
            if (!(error instanceof RefusedError) || error.result !== 'Rate limited') throw error;
            limited++;
            expect(error.retryAfterMs).toBeGreaterThan(0);
            expect(error.retryAfterMs).toBeLessThanOrEqual(1000);
            await sleep(error.retryAfterMs!);
          }
        }
      }
      expect({ limit, limited: limited > 0 }).toEqual({ limit, limited: true });
      expect(uploader.ready).toBe(true);
      const stored = await server.app.get(StoreRegistry).get('entries').find({ device: 'backlog' }, { projection: { sgv: 1 } });
      expect(stored.map((d) => d.sgv).sort((x, y) => Number(x) - Number(y))).toEqual(Array.from({ length: 200 }, (_, i) => 40 + i));
    });
  });
});
