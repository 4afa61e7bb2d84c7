import { TEST_SECRET_SHA1 } from './support/test-server';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';

type Actor = 'anonymous' | 'careportal' | 'devicestatus-upload' | 'admin' | 'api secret' | 'wrong secret';
const ACTORS: Actor[] = ['anonymous', 'careportal', 'devicestatus-upload', 'admin', 'api secret', 'wrong secret'];
const READERS: Actor[] = ['anonymous', 'careportal', 'devicestatus-upload', 'admin', 'api secret'];
const ADMINS: Actor[] = ['admin', 'api secret'];

const now = () => new Date().toISOString();

/** Each v1 route, what it sends, and who may call it under the default roles (`readable`). */
const ROUTES: [string, string, () => unknown, Actor[]][] = [
  ['GET', '/api/v1/entries.json', () => undefined, READERS],
  ['POST', '/api/v1/entries', () => [{ type: 'sgv', sgv: 100, date: Date.now() - Math.floor(Math.random() * 1e7) }], ADMINS],
  ['DELETE', '/api/v1/entries?find[device]=nobody', () => undefined, ADMINS],
  ['GET', '/api/v1/treatments.json', () => undefined, READERS],
  ['POST', '/api/v1/treatments', () => ({ eventType: 'Note', notes: `n${Math.random()}`, created_at: now() }), ['careportal', ...ADMINS]],
  ['PUT', '/api/v1/treatments', () => ({ eventType: 'Note', notes: `p${Math.random()}`, created_at: now() }), ADMINS],
  ['DELETE', '/api/v1/treatments?find[notes]=nothing', () => undefined, ADMINS],
  ['GET', '/api/v1/devicestatus.json', () => undefined, READERS],
  ['POST', '/api/v1/devicestatus', () => ({ device: 'loop://x', created_at: now() }), ['devicestatus-upload', ...ADMINS]],
  ['GET', '/api/v1/profile.json', () => undefined, READERS],
  ['POST', '/api/v1/profile', () => ({ defaultProfile: 'D', store: {} }), ADMINS],
  ['GET', '/api/v1/food.json', () => undefined, READERS],
  ['POST', '/api/v1/food', () => ({ type: 'food', name: 'x' }), ADMINS],
  ['GET', '/api/v1/activity.json', () => undefined, READERS],
  ['POST', '/api/v1/activity', () => ({ eventType: 'Exercise', notes: `a${Math.random()}` }), ADMINS],
  ['GET', '/api/v1/count/treatments/where', () => undefined, READERS],
  ['GET', '/api/v2/entries.json', () => undefined, READERS],
  ['GET', '/api/v1/verifyauth', () => undefined, ACTORS],
  ['GET', '/api/v1/adminnotifies', () => undefined, ACTORS],
];

describe('API v1 permission matrix (read is needed besides the write permission, as in the reference)', () => {
  const server = serverPerSuite();
  const headers: Partial<Record<Actor, Record<string, string>>> = {};

  beforeAll(async () => {
    headers.anonymous = {};
    for (const role of ['careportal', 'devicestatus-upload', 'admin'] as const) headers[role] = { 'api-secret': await createSubject(server, role, [role]) };
    headers['api secret'] = { 'api-secret': TEST_SECRET_SHA1 };
    headers['wrong secret'] = { 'api-secret': 'not-the-secret-at-all' };
  });

  const cases = ROUTES.flatMap(([method, path, body, allowed]) => ACTORS.map((actor) => [method, path, actor, allowed.includes(actor), body] as const));

  it.each(cases)('%s %s as %s: allowed=%s', async (method, path, actor, allowed, body) => {
    const res = await server.fetch(path, { method, headers: headers[actor], json: body() });
    expect(res.status).toBe(allowed ? 200 : 401);
    if (!allowed) expect(await res.json()).toEqual({ status: 401, message: 'Unauthorized', description: 'Invalid/Missing' });
    // A write that stored something announces it exactly once, from api-v1; a refused one announces nothing.
    const wrote = allowed && (method === 'POST' || method === 'PUT');
    expect(server.events.map((e) => e.entryPoint)).toEqual(wrote ? ['api-v1'] : []);
  });
});

describe('API v1 with AUTH_DEFAULT_ROLES=denied', () => {
  const server = serverPerSuite({ AUTH_DEFAULT_ROLES: 'denied' });

  it('refuses anonymous reads', async () => {
    expect((await server.fetch('/api/v1/entries.json')).status).toBe(401);
    expect((await server.fetch('/api/v1/treatments.json')).status).toBe(401);
  });

  it('refuses a devicestatus-upload token without read permission, and accepts it with read', async () => {
    const uploadOnly = await createSubject(server, 'uploader', ['devicestatus-upload']);
    const doc = { device: 'openaps://rig', created_at: now() };
    expect((await server.fetch('/api/v1/devicestatus', { method: 'POST', headers: { 'api-secret': uploadOnly }, json: doc })).status).toBe(401);
    const withRead = await createSubject(server, 'uploader2', ['devicestatus-upload', 'readable']);
    expect((await server.fetch('/api/v1/devicestatus', { method: 'POST', headers: { 'api-secret': withRead }, json: doc })).status).toBe(200);
  });

  it('refuses /count on a collection the caller cannot read even with entries read', async () => {
    await server.fetch('/api/v2/authorization/roles', { method: 'POST', headers: ADMIN_HEADERS, json: { name: 'entries-reader', permissions: ['api:entries:read'] } });
    const token = await createSubject(server, 'reader', ['entries-reader']);
    expect((await server.fetch(`/api/v1/count/entries/where?token=${token}`)).status).toBe(200);
    expect((await server.fetch(`/api/v1/count/treatments/where?token=${token}`)).status).toBe(401);
  });
});
