import type { AuthorizeAck } from '@nightscout/protocol';
import { closeClients, legacyClient, request } from './support/sockets';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';
import { jwtFor } from './support/v3-client';

/** Permissions whose parts are the names of prototype properties. */
const PROTOTYPE_PERMISSIONS = ['__proto__:*', 'constructor:prototype:*', 'prototype:*', 'toString', 'hasOwnProperty', 'api:__proto__:*', 'api:constructor:read', 'api:toString,hasOwnProperty:*', '*:__proto__'];
/** Role and subject names, and role references, that are prototype property names. */
const PROTOTYPE_NAMES = ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf'];

/** What the test process's own `Object.prototype` holds: the server runs in this process. */
const prototypeShape = () => [Object.getOwnPropertyNames(Object.prototype).sort(), Object.getOwnPropertySymbols(Object.prototype).length];

describe('roles and subjects named after prototype properties grant nothing', () => {
  const prototypeBefore = prototypeShape();
  let server: TestServer;
  let token: string;

  const post = (path: string, json: unknown) => server.fetch(path, { method: 'POST', headers: ADMIN_HEADERS, json });

  beforeAll(async () => {
    server = await startTestServer();
    for (const [i, permission] of PROTOTYPE_PERMISSIONS.entries()) expect((await post('/api/v2/authorization/roles', { name: `polluter-${i}`, permissions: [permission] })).status).toBe(201);
    for (const name of PROTOTYPE_NAMES) {
      expect((await post('/api/v2/authorization/roles', { name, permissions: PROTOTYPE_PERMISSIONS })).status).toBe(201);
      expect((await post('/api/v2/authorization/subjects', { name, roles: PROTOTYPE_NAMES })).status).toBe(201);
    }
    const allRoles = [...PROTOTYPE_PERMISSIONS.map((_p, i) => `polluter-${i}`), ...PROTOTYPE_NAMES];
    token = await createSubject(server, 'reader-with-polluting-roles', allRoles);
  });
  afterAll(() => server.close());
  afterEach(closeClients);

  /** Anonymous callers and the subject holding every polluting role can read, and nothing more. */
  async function expectOnlyReading(target: TestServer) {
    const anonymous = await (await target.fetch('/api/v1/verifyauth')).json();
    expect(anonymous.message).toMatchObject({ canRead: true, canWrite: false, isAdmin: false });
    const subject = await (await target.fetch(`/api/v1/verifyauth?token=${token}`)).json();
    expect(subject.message).toMatchObject({ canRead: true, canWrite: false, isAdmin: false });

    const treatment = { eventType: 'Note', notes: 'should not be stored', created_at: new Date().toISOString() };
    for (const query of ['', `?token=${token}`]) {
      expect((await target.fetch(`/api/v1/treatments${query}`, { method: 'POST', json: treatment })).status).toBe(401);
      expect([401, 403]).toContain((await target.fetch(`/api/v2/authorization/subjects${query}`)).status);
      expect([401, 403]).toContain((await target.fetch(`/api/v2/authorization/roles${query}`, { method: 'POST', json: { name: 'x', permissions: ['*'] } })).status);
      expect((await target.fetch(`/api/v2/authorization/debug/check/api:treatments:create${query}`)).status).toBe(401);
      expect((await target.fetch(`/api/v1/treatments${query}`)).status).toBe(200);
    }

    for (const secret of [undefined, token]) {
      const socket = await legacyClient(target);
      const ack = await request<AuthorizeAck>(socket, 'authorize', { client: 'web', history: 1, ...(secret ? { secret } : {}) });
      expect(ack).toEqual({ read: true, write: false, write_treatment: false });
      expect(await request(socket, 'dbAdd', { collection: 'treatments', data: treatment })).toEqual({ result: 'Not permitted' });
    }
  }

  it('after the roles are created, anonymous and read-only callers are still refused every write', async () => {
    await expectOnlyReading(server);
    expect(await (await server.fetch('/api/v1/treatments.json?find[notes]=should%20not%20be%20stored&find[created_at][$gte]=2000')).json()).toEqual([]);
    expect(prototypeShape()).toEqual(prototypeBefore);
  });

  it('after a restart that loads the stored roles, still', async () => {
    await server.stop();
    server = await startTestServer({}, server.database);
    await expectOnlyReading(server);
    expect(prototypeShape()).toEqual(prototypeBefore);
  });

  it('lists and resolves such names like any other', async () => {
    const roles = await (await server.fetch('/api/v2/authorization/roles', { headers: ADMIN_HEADERS })).json();
    expect(roles.map((r: { name: string }) => r.name)).toEqual(expect.arrayContaining(PROTOTYPE_NAMES));
    const subjects = await (await server.fetch('/api/v2/authorization/subjects', { headers: ADMIN_HEADERS })).json();
    expect(subjects.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(PROTOTYPE_NAMES));
    // The `__proto__` role grants `api:__proto__:*` literally, and nothing else.
    const protoToken = subjects.find((s: { name: string }) => s.name === '__proto__').accessToken;
    expect((await server.fetch(`/api/v2/authorization/debug/check/api:__proto__:x?token=${protoToken}`)).status).toBe(200);
    expect((await server.fetch(`/api/v2/authorization/debug/check/api:entries:create?token=${protoToken}`)).status).toBe(401);
  });

  it('treats prototype names in queries as names: refused, unsupported or plain', async () => {
    const v1 = await server.fetch('/api/v1/entries.json?find[sgv.__proto__.x]=1');
    expect(v1.status).toBe(400);
    expect((await v1.json()).description).toMatch(/not a field name/);
    expect((await server.fetch('/api/v1/entries.json?sort[a.constructor]=1')).status).toBe(400);
    expect((await server.fetch('/api/v1/count/constructor/where')).status).toBe(400);
    const jwt = { authorization: `Bearer ${await jwtFor(server, 'v3-admin', ['admin'])}` };
    const operator = await server.fetch('/api/v3/entries?sgv$constructor=1', { headers: jwt });
    expect(operator.status).toBe(400);
    expect((await operator.json()).message).toBe('Unsupported filter operator constructor');
    expect((await server.fetch('/api/v3/entries?sort=constructor', { headers: jwt })).status).toBe(200);
    for (const suffix of ['constructor', 'toString', '__proto__']) expect((await server.fetch(`/api/v3/entries.${suffix}`, { headers: jwt })).status).toBe(406);
    expect(prototypeShape()).toEqual(prototypeBefore);
  });
});
