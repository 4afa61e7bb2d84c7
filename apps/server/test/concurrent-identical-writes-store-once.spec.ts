import { getConnectionToken } from '@nestjs/mongoose';
import { MAX_DOCUMENTS_PER_WRITE } from '@nightscout/protocol';
import type { Connection } from 'mongoose';
import type { LegacyChannel } from '@nightscout/client';
import { closeLibraryClients, legacyReceiver } from './support/library-clients';
import { startTestServer, TEST_SECRET_SHA1, type TestServer } from './support/test-server';

/** Uploaders retry and several of a family's devices upload the same data: each must be stored once (issue 14 item 8). */
const UNLIMITED = {
  RATE_LIMIT_WRITE_PER_MIN: '0',
  RATE_LIMIT_READ_PER_MIN: '0',
  RATE_LIMIT_SOCKET_WRITES_PER_10S: '0',
  RATE_LIMIT_SOCKET_READS_PER_10S: '0',
  RATE_LIMIT_HANDSHAKES_PER_MIN: '0',
};
const ROUNDS = 5;
const WRITERS = 50;
const headers = { 'api-secret': TEST_SECRET_SHA1 };

describe('concurrent identical writes store one document', () => {
  let server: TestServer;
  let second: TestServer;
  /** Five DataReceivers of the web UI (library clients); the v1 uploads stay raw to check each status. */
  let sockets: LegacyChannel[];
  const count = (collection: string, filter: Record<string, unknown>) =>
    server.app.get<Connection>(getConnectionToken()).collection(collection).countDocuments(filter);

  beforeAll(async () => {
    server = await startTestServer(UNLIMITED);
    // A second instance on the same database, as when the server is scaled out.
    second = await startTestServer(UNLIMITED, server.database);
    sockets = await Promise.all(Array.from({ length: 5 }, () => legacyReceiver(server)));
  });
  afterAll(async () => {
    closeLibraryClients();
    await second?.stop();
    await server?.close();
  });

  it(`${WRITERS} concurrent identical POST /api/v1/treatments store one treatment, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created_at = new Date(Date.UTC(2024, 4, 1, 12, round)).toISOString();
      const body = { eventType: 'Correction Bolus', insulin: 1.5, created_at };
      const responses = await Promise.all(Array.from({ length: WRITERS }, () => server.fetch('/api/v1/treatments', { method: 'POST', headers, json: body })));
      expect(responses.map((r) => r.status)).toEqual(Array(WRITERS).fill(200));
      const ids = new Set((await Promise.all(responses.map((r) => r.json()))).map(([t]: { _id: string }[]) => t._id));
      expect(await count('treatments', { created_at, eventType: 'Correction Bolus' })).toBe(1);
      expect(ids.size).toBe(1);
    }
  });

  it(`${WRITERS} concurrent identical dbAdd from 5 sockets store one treatment and one device status, in each of ${ROUNDS} rounds`, async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const created_at = new Date(Date.UTC(2024, 4, 2, 12, round)).toISOString();
      const acks = await Promise.all(
        Array.from({ length: WRITERS }, (_, i) => sockets[i % 5].dbAdd('treatments', { eventType: 'Meal Bolus', carbs: 20, created_at })),
      );
      expect(new Set(acks.map(([t]) => t._id)).size).toBe(1);
      expect(await count('treatments', { created_at, eventType: 'Meal Bolus' })).toBe(1);
      await Promise.all(Array.from({ length: WRITERS }, (_, i) => sockets[i % 5].dbAdd('devicestatus', { device: 'phone', created_at })));
      expect(await count('devicestatus', { created_at })).toBe(1);
    }
  });

  it('holds across two server instances sharing the database (v1 and NSCLIENT_ID dbAdd)', async () => {
    const created_at = '2024-05-03T08:00:00.000Z';
    const body = { eventType: 'Carb Correction', carbs: 12, created_at };
    const responses = await Promise.all(
      Array.from({ length: WRITERS }, (_, i) => (i % 2 ? second : server).fetch('/api/v1/treatments', { method: 'POST', headers, json: body })),
    );
    expect(responses.every((r) => r.status === 200)).toBe(true);
    expect(await count('treatments', { created_at, eventType: 'Carb Correction' })).toBe(1);
    const remote = await legacyReceiver(second);
    const data = { eventType: 'Temp Basal', absolute: 0.5, duration: 30, created_at: '2024-05-03T09:00:00.000Z', NSCLIENT_ID: 'aaps-1714726800000' };
    await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? remote : sockets[i % 5]).dbAdd('treatments', data)));
    expect(await count('treatments', { NSCLIENT_ID: 'aaps-1714726800000' })).toBe(1);
  });

  it('stores a treatment again at once after the stored one was deleted', async () => {
    const created_at = '2024-05-04T08:00:00.000Z';
    const [first] = await sockets[0].dbAdd('treatments', { eventType: 'Note', notes: 'a', created_at });
    await sockets[0].dbRemove('treatments', first._id);
    const started = Date.now();
    const [again] = await sockets[0].dbAdd('treatments', { eventType: 'Note', notes: 'b', created_at });
    expect(Date.now() - started).toBeLessThan(2000);
    expect(again._id).not.toBe(first._id);
    expect(await count('treatments', { created_at })).toBe(1);
  });

  it('finds a treatment whose time a near match moved, so resending it stores nothing new', async () => {
    const data = { eventType: 'Correction Bolus', insulin: 0.7, created_at: '2024-05-05T08:00:00.000Z' };
    await sockets[0].dbAdd('treatments', data);
    const moved = { ...data, created_at: '2024-05-05T08:00:01.000Z' };
    await sockets[0].dbAdd('treatments', moved);
    await Promise.all(Array.from({ length: 10 }, (_, i) => sockets[i % 5].dbAdd('treatments', moved)));
    expect(await count('treatments', { insulin: 0.7 })).toBe(1);
  });

  it(`answers an array of more than ${MAX_DOCUMENTS_PER_WRITE} documents with 413 naming the limit, at once`, async () => {
    const entries = Array.from({ length: 100_000 }, (_, i) => ({ type: 'sgv', sgv: 100, date: 1.6e12 + i * 1000 }));
    const started = Date.now();
    const res = await server.fetch('/api/v1/entries', { method: 'POST', headers, json: entries });
    expect(res.status).toBe(413);
    expect((await res.json()).description).toContain(`at most ${MAX_DOCUMENTS_PER_WRITE} documents`);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(await count('entries', {})).toBe(0);
  });
});
