import { getConnectionToken } from '@nestjs/mongoose';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { DEDUP_KEYS_COLLECTION } from '../src/storage/dedup-index';
import { StoreRegistry } from '../src/storage/store-registry';
import { TEST_API_SECRET, TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';
import { jwtFor } from './support/v3-client';

const TEN = '2026-12-07T10:00:00.000Z';
const ELEVEN = '2026-12-07T11:00:00.000Z';

/**
 * An API v3 CREATE is deduplicated on `identifier` or on the collection's fallback fields. A new
 * document wins the claims of both keys, so it claims them at once instead of first reading each
 * key (two database reads fewer per create; docs/performance.md, "Dedup index"). A duplicate by
 * either key loses its claim and is still found the way it was before.
 */
describe('API v3 creates on an indexed collection', () => {
  let server: TestServer;
  let jwt: string;
  /** Commands on the treatments' dedup keys while a request runs. */
  let commands: string[] = [];

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    server = await startTestServer({ API_SECRET: TEST_API_SECRET, MONGODB_URI: `${process.env.TEST_MONGODB_BASE}/${database}?monitorCommands=true` }, database);
    await server.app.get(StoreRegistry).indexed('treatments');
    jwt = await jwtFor(server, 'uploader', ['admin']);
    server.app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', ({ commandName, command }: CommandStartedEvent) => {
        // Other collections' first-start passes may still be writing their own keys.
        if (command[commandName] === DEDUP_KEYS_COLLECTION && JSON.stringify(command).includes('treatments|')) commands.push(commandName);
      });
  }, 60_000);
  afterAll(() => server?.close());

  /** A note of `at` (ISO text). */
  const post = async (identifier: string, at: string, notes: string) => {
    commands = [];
    const json = { app: 'test', identifier, eventType: 'Note', created_at: at, date: Date.parse(at), notes };
    const res = await server.fetch('/api/v3/treatments', { method: 'POST', headers: { authorization: `Bearer ${jwt}` }, json });
    return { status: res.status, body: (await res.json()) as Record<string, unknown>, commands };
  };
  const stored = () => server.app.get<Connection>(getConnectionToken()).collection('treatments');

  it('claims a new document’s keys without reading them first', async () => {
    const created = await post('first-note', TEN, 'new');
    expect(created.status).toBe(201);
    expect(created.commands).toEqual(['insert']);
    expect(await stored().countDocuments({ identifier: 'first-note' })).toBe(1);
  });

  it('still finds a duplicate by identifier, and a legacy document by the fallback fields', async () => {
    const sameIdentifier = await post('first-note', TEN, 'edited');
    expect([sameIdentifier.status, sameIdentifier.body.isDeduplication]).toEqual([200, true]);
    // A note stored through API v1 is a legacy document for API v3: its fields decide.
    const legacy = await server.fetch('/api/v1/treatments', { method: 'POST', headers: { 'api-secret': TEST_SECRET_SHA1 }, json: { eventType: 'Note', created_at: ELEVEN, date: Date.parse(ELEVEN), app: 'test', notes: 'v1' } });
    const [{ _id }] = (await legacy.json()) as { _id: string }[];
    const sameFields = await post('third-note', ELEVEN, 'from v3');
    expect([sameFields.status, sameFields.body.deduplicatedIdentifier]).toEqual([200, _id]);
    // The same fields on a document that has an identifier of its own do not make a duplicate.
    const beside = await post('fourth-note', TEN, 'beside the first');
    expect(beside.status).toBe(201);
    expect([await stored().countDocuments({ created_at: ELEVEN }), await stored().countDocuments({ created_at: TEN })]).toEqual([1, 2]);
  });
});
