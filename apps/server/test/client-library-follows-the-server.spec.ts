import { connect, RefusedError, type ConnectionStatus, type NightscoutClient, type Signal } from '@nightscout/client';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { eventually } from './support/sockets';
import { TEST_API_SECRET, startTestServer, type TestServer } from './support/test-server';

const sgv = (mgdl: number, minutesAgo = 0) => {
  const date = Date.now() - minutesAgo * 60_000;
  return { type: 'sgv', sgv: mgdl, date, dateString: new Date(date).toISOString(), direction: 'Flat' };
};

const reach = (signal: Signal<ConnectionStatus>, wanted: ConnectionStatus) => eventually(() => signal.value === wanted, 10_000);

/** libs/client in Node (socket.io-client 4) against a real server: what the web app and the tests build on. */
describe('the client library follows the server', () => {
  let server: TestServer;
  let token: string;
  const clients: NightscoutClient[] = [];
  const open = (options: Parameters<typeof connect>[0]) => {
    const client = connect({ retryDelayMs: 200, ...options });
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    server = await startTestServer();
    token = await createSubject(server, 'follower', ['admin']);
    await server.fetch('/api/v1/entries', { method: 'POST', headers: ADMIN_HEADERS, json: [sgv(120, 10), sgv(125, 5)] });
  });
  afterAll(async () => {
    clients.forEach((c) => c.close());
    await server.close();
  });

  it('authorizes with the API secret (hashed here), loads the snapshot and merges every delta', async () => {
    const client = open({ baseUrl: server.url, secret: TEST_API_SECRET, withStatus: true });
    const legacy = client.legacy();
    await reach(legacy.status, 'connected');
    expect(legacy.flags.value).toEqual({ read: true, write: true, write_treatment: true });
    expect(legacy.data.lastReading()?.sgv.mgdl).toBe(125);
    expect(legacy.data.current.status?.settings).toMatchObject({ units: 'mg/dl' });

    await client.rest.v1.create('entries', [sgv(131)]);
    await eventually(() => legacy.data.lastReading()?.sgv.mgdl === 131);
    expect(legacy.data.lastReading()?.deltaMgdl).toBe(6);

    const [stored] = await legacy.dbAdd('treatments', { eventType: 'Meal Bolus', carbs: 30, insulin: 3, created_at: new Date().toISOString() });
    expect(legacy.data.current.treatments.map((t) => t._id)).toContain(stored._id);
    await legacy.dbUpdate('treatments', stored._id, { carbs: 35 });
    await eventually(() => legacy.data.current.treatments.find((t) => t._id === stored._id)?.carbs === 35);
    await legacy.dbUpdateUnset('treatments', stored._id, ['insulin']);
    await eventually(() => !('insulin' in (legacy.data.current.treatments.find((t) => t._id === stored._id) ?? { insulin: 1 })));
    await legacy.dbRemove('treatments', stored._id);
    await eventually(() => legacy.data.current.treatments.every((t) => t._id !== stored._id));
    expect(legacy.data.current.treatments.filter((t) => t._id === stored._id)).toHaveLength(0);
  });

  it('re-authorizes after a lost connection and resynchronises from the new snapshot', async () => {
    const client = open({ baseUrl: server.url, secret: TEST_API_SECRET });
    const legacy = client.legacy();
    await reach(legacy.status, 'connected');
    const seen: ConnectionStatus[] = [];
    legacy.status.subscribe((s) => seen.push(s));
    legacy.socket.io.engine.close(); // the network drops
    await reach(legacy.status, 'connected');
    expect(seen).toEqual(['reconnecting', 'connected']);
    await client.rest.v1.create('entries', [sgv(140)]);
    await eventually(() => legacy.data.lastReading()?.sgv.mgdl === 140);
  });

  it('exchanges an access token for a JWT for REST v3, /storage and /alarm', async () => {
    const client = open({ baseUrl: server.url, token });
    expect((await client.auth.jwt())?.sub).toBe('follower');
    expect((await client.rest.v3.search('entries', { limit: 1 })).length).toBe(1);
    const storage = client.storage(['treatments']);
    const alarm = client.alarm();
    const legacy = client.legacy();
    await Promise.all([reach(storage.status, 'connected'), reach(alarm.status, 'connected'), reach(legacy.status, 'connected')]);
    expect(storage.collections.value).toEqual(['treatments']);
    expect(alarm.canAck.value).toBe(true);
    const created: string[] = [];
    storage.on('create', (change) => created.push(String(change.doc.notes)));
    await legacy.dbAdd('treatments', { eventType: 'Note', notes: 'seen on storage', created_at: new Date().toISOString() });
    await eventually(() => created.includes('seen on storage'));
  });

  it('reports refused credentials and write refusals as they are', async () => {
    const wrong = open({ baseUrl: server.url, secret: 'not the right secret at all' });
    await reach(wrong.legacy().status, 'refused');
    await expect(open({ baseUrl: server.url, token: 'nobody-0123456789abcdef' }).auth.jwt()).rejects.toMatchObject({ status: 401 });

    const visitor = open({ baseUrl: server.url });
    const legacy = visitor.legacy();
    await reach(legacy.status, 'connected');
    expect(legacy.flags.value).toEqual({ read: true, write: false, write_treatment: false });
    const refusal = await legacy.dbAdd('treatments', { eventType: 'Note' }).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(RefusedError);
    expect(refusal).toMatchObject({ result: 'Not permitted' });
  });
});
