import type { AuthorizeAck, StorageChange } from '@nightscout/protocol';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { Socket } from 'socket.io-client';
import { CreateDocumentsCommand } from '../src/writes';
import { closeLibraryClients, legacyReceiver } from './support/library-clients';
import { alarmClient, closeClients, legacyClient, next, record, request, sleep, storageClient, type LegacyClient } from './support/sockets';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';



describe('socket permissions per event and channel', () => {
  let server: TestServer;
  const tokens: Record<string, string> = {};
  beforeAll(async () => {
    server = await startTestServer();
    await server.fetch('/api/v2/authorization/roles', { method: 'POST', headers: ADMIN_HEADERS, json: { name: 'treatments-writer', permissions: ['api:treatments:create,update,delete'] } });
    for (const role of ['careportal', 'treatments-writer', 'admin', 'denied']) tokens[role] = await createSubject(server, role, [role]);
  });
  afterAll(() => server.close());
  afterEach(() => {
    closeClients();
    closeLibraryClients();
  });

  const authorized = async (secret?: string): Promise<[LegacyClient, AuthorizeAck]> => {
    const socket = await legacyClient(server);
    return [socket, await request<AuthorizeAck>(socket, 'authorize', secret ? { secret } : {})];
  };

  it.each([
    ['no credential (readable)', undefined, { read: true, write: false, write_treatment: false }],
    ['careportal token', 'careportal', { read: true, write: false, write_treatment: false }],
    ['treatments writer token', 'treatments-writer', { read: true, write: false, write_treatment: true }],
    ['admin token', 'admin', { read: true, write: true, write_treatment: true }],
  ])('authorize with %s gives %j', async (_name, role, flags) => {
    // What the web app is told it may do: the library authorizes (a token through its JWT).
    const legacy = await legacyReceiver(server, role ? { token: tokens[role] } : {});
    expect(legacy.flags.value).toEqual(flags);
  });

  it('accepts a JWT as token and disconnects on a bad credential without an ack', async () => {
    const { token } = await (await server.fetch(`/api/v2/authorization/request/${tokens.admin}`)).json();
    const socket = await legacyClient(server);
    expect(await request(socket, 'authorize', { token })).toEqual({ read: true, write: true, write_treatment: true });
    const bad = await legacyClient(server);
    const disconnected = new Promise((resolve) => bad.on('disconnect', resolve));
    bad.emit('authorize', { secret: 'f'.repeat(40) });
    expect(await disconnected).toBe('io server disconnect');
  });

  it('runs the write checks in the reference order', async () => {
    const stranger = await legacyClient(server);
    expect(await request(stranger, 'dbAdd', { collection: 'nope', data: {} })).toEqual({ result: 'Wrong collection' });
    expect(await request(stranger, 'dbAdd', { collection: 'treatments', data: {} })).toEqual({ result: 'Not authorized' });
    const [reader] = await authorized();
    expect(await request(reader, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note' } })).toEqual({ result: 'Not permitted' });
    const [treatmentWriter] = await authorized(tokens['treatments-writer']);
    expect(await request(treatmentWriter, 'dbAdd', { collection: 'entries', data: { type: 'sgv', sgv: 1 } })).toEqual({ result: 'Not permitted' });
    expect(await request(treatmentWriter, 'dbUpdate', { collection: 'treatments', data: {} })).toEqual({ result: 'Missing _id' });
    expect(await request(treatmentWriter, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note', created_at: '2024-01-01T00:00:00Z' } })).toHaveLength(1);
  });

  it('gives /storage only the collections the token may read, settings to admins, and accepts foods as food', async () => {
    const reader = await storageClient(server);
    expect(await request(reader, 'subscribe', { accessToken: tokens.careportal, collections: ['treatments', 'foods', 'settings', 'activity'] })).toEqual({
      success: true,
      collections: ['treatments', 'food'],
    });
    const adminSocket = await storageClient(server);
    expect(await request(adminSocket, 'subscribe', { accessToken: tokens.admin })).toEqual({
      success: true,
      collections: ['devicestatus', 'entries', 'food', 'profile', 'settings', 'treatments'],
    });
    expect(await request(adminSocket, 'subscribe', { accessToken: tokens.admin, collections: [] })).toEqual({ success: false, message: 'Unauthorized to receive any collection' });
    expect(await request(adminSocket, 'subscribe', {})).toEqual({ success: false, message: 'Missing or bad accessToken' });

    const entries = record<StorageChange>(reader, 'create');
    const food = next<StorageChange>(reader, 'create', (c) => c.colName === 'food');
    await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 99, date: Date.now() } }], 'api-v1'));
    await server.commands.execute(new CreateDocumentsCommand('food', [{ doc: { name: 'apple', carbs: 12 } }], 'api-v1'));
    expect((await food).doc).toMatchObject({ name: 'apple' });
    expect(entries.filter((c) => c.colName === 'entries')).toEqual([]);
  });

  it('denies everything to a denied-by-default server except what tokens grant', async () => {
    const strict = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    try {
      const token = await createSubject(strict, 'only denied', ['denied']);
      const storage = await storageClient(strict);
      expect(await request(storage, 'subscribe', { accessToken: token })).toEqual({ success: false, message: 'Unauthorized to receive any collection' });
      const legacy = await legacyClient(strict);
      expect(await request(legacy, 'authorize', {})).toEqual({ read: false, write: false, write_treatment: false });
      expect(await request(legacy, 'loadRetro', {})).toEqual({ result: 'Not permitted' });
    } finally {
      closeClients();
      await strict.close();
    }
  });
});

describe('malformed payloads on every inbound event get an error and change nothing', () => {
  let server: TestServer;
  let db: Connection;
  beforeAll(async () => {
    server = await startTestServer();
    db = server.app.get<Connection>(getConnectionToken());
  });
  afterAll(() => server.close());
  afterEach(async () => {
    closeClients();
    expect((await server.fetch('/api/v1/status.json')).status).toBe(200);
  });

  const countAll = async () => {
    let total = 0;
    for (const c of ['entries', 'treatments', 'devicestatus', 'profile', 'food', 'activity']) total += await db.collection(c).countDocuments();
    return total;
  };

  it('answers a missing, null or non-object payload on each legacy event (dbAdd without payload crashed the reference)', async () => {
    const socket = await legacyClient(server);
    await request(socket, 'authorize', { secret: TEST_SECRET_SHA1 });
    for (const event of ['dbAdd', 'dbUpdate', 'dbUpdateUnset', 'dbRemove'] as const) {
      for (const payload of [undefined, null, 'text', 42, [1, 2]]) {
        const ack = payload === undefined ? await socket.timeout(5000).emitWithAck(event) : await request(socket, event, payload);
        expect(ack).toMatchObject({ result: 'Invalid payload', errors: expect.any(Array) });
      }
    }
    expect(await countAll()).toBe(0);
  });

  it.each([
    ['operator keys', { collection: 'treatments', data: { eventType: 'Note', $where: 'sleep(1000)' } }],
    ['nested operator keys', { collection: 'treatments', data: { eventType: 'Note', nested: { $gt: 1 } } }],
    ['dotted keys', { collection: 'treatments', data: { 'a.b': 1 } }],
    ['prototype keys', { collection: 'treatments', data: JSON.parse('{"__proto__": {"polluted": true}}') }],
    ['wrong field types', { collection: 'treatments', data: { eventType: 7, carbs: 'many' } }],
    ['a string as data', { collection: 'treatments', data: 'x' }],
    ['an array with a non-object', { collection: 'treatments', data: [{ eventType: 'Note' }, 5] }],
    ['a huge string', { collection: 'treatments', data: { notes: 'x'.repeat(100_000) } }],
  ])('dbAdd with %s is rejected and stores nothing', async (_name, payload) => {
    const socket = await legacyClient(server);
    await request(socket, 'authorize', { secret: TEST_SECRET_SHA1 });
    expect(await request(socket, 'dbAdd', payload)).toMatchObject({ result: 'Invalid payload' });
    expect(await countAll()).toBe(0);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('answers a non-string secret on authorize with an error ack (crashed the reference)', async () => {
    const socket = await legacyClient(server);
    expect(await request(socket, 'authorize', { secret: { length: 40 } })).toMatchObject({ result: 'Invalid payload', errors: ['secret must be a string'] });
    expect(await request(socket, 'authorize', 'not an object')).toMatchObject({ result: 'Invalid payload' });
  });

  it('answers malformed subscribe payloads and ignores malformed acks', async () => {
    const storage = await storageClient(server);
    expect(await request(storage, 'subscribe', { accessToken: 42 })).toMatchObject({ result: 'Invalid payload' });
    expect(await request(storage, 'subscribe', 'x')).toMatchObject({ result: 'Invalid payload' });
    const alarm = await alarmClient(server);
    expect(await request(alarm, 'subscribe', { jwtToken: ['a'] })).toMatchObject({ result: 'Invalid payload' });
    await request(alarm, 'subscribe', { secret: TEST_SECRET_SHA1 });
    const untyped = alarm as unknown as Socket; // deliberately off-contract arguments
    for (const args of [[], ['2', 'default', 1000], [2, { $gt: 1 }, 'x'], [null], [99, 'x', -5]]) untyped.emit('ack', ...args);
    await sleep(100);
    expect(await db.collection('alarm_silences').countDocuments({ _id: { $ne: '2:default' } as never })).toBe(0);
  });
});
