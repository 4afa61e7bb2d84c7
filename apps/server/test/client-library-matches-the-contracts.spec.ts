import { connect, type NightscoutClient, RestClient, type Authenticator } from '@nightscout/client';
import type { OpenAPIV3_1 } from 'openapi-types';
import type { Socket } from 'socket.io-client';
import { contractProblems, documentedOperation, messagesOf } from './support/contracts';
import { eventually } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_API_SECRET, startTestServer, type TestServer } from './support/test-server';

/** Every function of the REST client's API groups, found by walking them (so a new method is checked too). */
function restCalls(rest: RestClient): { name: string; call: () => Promise<unknown> }[] {
  const calls: { name: string; call: () => Promise<unknown> }[] = [];
  const walk = (group: Record<string, unknown>, prefix: string) => {
    for (const [name, value] of Object.entries(group)) {
      if (typeof value === 'function') calls.push({ name: `${prefix}.${name}`, call: () => (value as (...args: unknown[]) => Promise<unknown>)('treatments', '5f0c3a1b2c3d4e5f6a7b8c9d', { eventType: 'Note' }) });
      else if (typeof value === 'object' && value !== null) walk(value as Record<string, unknown>, `${prefix}.${name}`);
    }
  };
  for (const group of ['v1', 'v2', 'v3'] as const) walk(rest[group] as unknown as Record<string, unknown>, group);
  return calls;
}

describe('the client library follows the same contracts as the server', () => {
  let server: TestServer;
  let openApi: OpenAPIV3_1.Document;
  beforeAll(async () => {
    server = await startTestServer({ ENABLE: 'careportal' });
    openApi = (await (await server.fetch('/api/openapi.json')).json()) as OpenAPIV3_1.Document;
  });
  afterAll(() => server.close());

  it('calls only documented routes, with every method of its REST API', async () => {
    const requests: string[] = [];
    const recording: typeof fetch = async (input, init) => {
      requests.push(`${(init?.method ?? 'GET').toUpperCase()} ${new URL(String(input)).pathname}`);
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const auth = { headers: async () => ({}) } as unknown as Authenticator;
    const calls = restCalls(new RestClient('http://127.0.0.1:9', auth, recording));
    expect(calls.length).toBeGreaterThan(20);
    for (const { call } of calls) await call().catch(() => undefined);
    expect(requests.length).toBe(calls.length);
    const undocumented = requests.filter((r) => {
      const [method, path] = r.split(' ');
      return !documentedOperation(openApi, method, path);
    });
    expect(undocumented).toEqual([]);
  });

  it('sends only documented events on each channel, and receives documented events and acknowledgements', async () => {
    const token = await createSubject(server, 'contracts', ['admin']);
    const clients: NightscoutClient[] = [connect({ baseUrl: server.url, secret: TEST_API_SECRET, socket: { reconnection: false }, retryDelayMs: 200 }), connect({ baseUrl: server.url, token, socket: { reconnection: false }, retryDelayMs: 200 })];
    const [bySecret, byToken] = clients;
    const legacy = bySecret.legacy();
    const alarm = bySecret.alarm();
    const storage = byToken.storage(['treatments']);
    const problems: string[] = [];
    const sent = new Map<string, Set<string>>();
    // Acknowledgements are checked against the `<event>.ack` message by wrapping the callback.
    for (const channel of [legacy, alarm, storage]) {
      const socket = channel.socket as unknown as Socket;
      const namespace = channel.namespace;
      const { acks } = messagesOf(namespace);
      socket.onAny((event: string, ...args: unknown[]) => problems.push(...contractProblems(namespace, event, args[0])));
      const emit = socket.emit.bind(socket);
      (socket as unknown as { emit: (event: string, ...args: unknown[]) => unknown }).emit = (event: string, ...args: unknown[]) => {
        (sent.get(namespace) ?? sent.set(namespace, new Set()).get(namespace)!).add(event);
        const last = args.at(-1);
        if (typeof last === 'function') {
          args[args.length - 1] = (response: unknown) => {
            problems.push(...contractProblems(namespace, acks.get(event) ?? `${event}.ack`, response));
            (last as (r: unknown) => void)(response);
          };
        } else {
          problems.push(...contractProblems(namespace, event, event === 'ack' ? args : args[0]));
        }
        return emit(event, ...args);
      };
    }
    await eventually(() => legacy.ready && alarm.ready && storage.ready, 10_000);
    const [stored] = await legacy.dbAdd('treatments', { eventType: 'Note', notes: 'contracts', created_at: new Date().toISOString() });
    await legacy.dbUpdate('treatments', stored._id, { notes: 'changed' });
    await legacy.dbUpdateUnset('treatments', stored._id, ['notes']);
    await legacy.loadRetro();
    await legacy.dbRemove('treatments', stored._id);
    alarm.ack(1, 'default', 1000);
    clients.forEach((c) => c.close());

    expect(problems).toEqual([]);
    for (const [namespace, events] of sent) {
      const documented = messagesOf(namespace).events;
      expect({ namespace, undocumented: [...events].filter((e) => !documented.includes(e)) }).toEqual({ namespace, undocumented: [] });
    }
    expect([...sent.get('/')!].sort()).toEqual(['authorize', 'dbAdd', 'dbRemove', 'dbUpdate', 'dbUpdateUnset', 'loadRetro']);
    expect([...sent.get('/alarm')!].sort()).toEqual(['ack', 'subscribe']);
    expect([...sent.get('/storage')!]).toEqual(['subscribe']);
  });
});
