import { clientOf, closeLibraryClients, v3Clients } from './support/library-clients';
import { TEST_SECRET_SHA1 } from './support/test-server';
import { jwtFor, startV3, type V3Client } from './support/v3-client';

describe('API v3 authentication and routing (spec §4, §5)', () => {
  let c: V3Client;
  beforeAll(async () => {
    c = await startV3();
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-version-without-token', async () => {
    expect(await clientOf(c.server, {}).rest.v3.version()).toMatchObject({ apiVersion: '3.0.3-alpha' });
  });

  it('successful-bearer-jwt-from-the-access-token', async () => {
    const { reader } = await v3Clients(c);
    expect(await reader.rest.v3.search('entries')).toEqual([]);
  });

  it('successful-bearer-jwt-case-insensitive', async () => {
    const res = await c.server.fetch('/api/v3/entries', { headers: { authorization: `bearer ${c.reader}` } });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 200, result: [] });
  });

  it('failing-401-without-or-with-malformed-authorization', async () => {
    for (const headers of [{} as Record<string, string>, { authorization: c.reader }, { authorization: `Bearer  ${c.reader}` }, { authorization: `Basic ${c.reader}` }]) {
      const res = await c.server.fetch('/api/v3/entries', { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ status: 401, message: 'Missing or bad access token or JWT' });
    }
  });

  it('failing-401-for-credentials-v3-does-not-accept', async () => {
    const subjects = await clientOf(c.server).rest.v2.subjects.list();
    const accessToken = subjects.find((s) => s.name === 'admin-app')!.accessToken;
    const raw = await c.call(accessToken, '/status');
    expect(raw.status).toBe(401);
    expect(await raw.json()).toEqual({ status: 401, message: 'Bad access token or JWT' });
    expect((await c.call(c.admin.slice(0, -2) + 'xx', '/status')).status).toBe(401);
    expect((await c.server.fetch('/api/v3/status', { headers: { 'api-secret': TEST_SECRET_SHA1 } })).status).toBe(401);
    expect((await c.server.fetch(`/api/v3/status?token=${accessToken}`)).status).toBe(401);
  });

  it('failing-403-names-the-missing-permission', async () => {
    const res = await c.call(c.reader, '/treatments', { method: 'POST', json: { date: 1700000000000, app: 'x' } });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ status: 403, message: 'Missing permission api:treatments:create' });
  });

  it('failing-403-when-the-subject-was-deleted', async () => {
    const jwt = await jwtFor(c.server, 'short-lived', ['admin']);
    const admin = clientOf(c.server).rest.v2.subjects;
    await admin.remove((await admin.list()).find((s) => s.name === 'short-lived')!._id);
    const res = await c.call(jwt, '/entries');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ status: 403, message: 'Missing permission api:entries:read' });
  });

  it('failing-404-bad-operation-or-collection-before-authentication', async () => {
    for (const [method, path] of [['GET', '/activity'], ['GET', '/'], ['POST', '/entries/abc'], ['PUT', '/entries'], ['GET', '/entries/a/b'], ['DELETE', '/nothing/x']]) {
      const res = await c.call(undefined, path, { method });
      expect([method, path, res.status]).toEqual([method, path, 404]);
      expect(await res.json()).toEqual({ status: 404, message: 'Bad operation or collection' });
    }
  });

  it('failing-406-for-an-unknown-url-extension', async () => {
    const res = await c.call(c.reader, '/entries.txt');
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({ status: 406, message: 'Unsupported output format requested' });
  });

  it('sends no automatic ETag on v3 responses', async () => {
    const res = await c.call(c.reader, '/profile?sort$desc=date&limit=1');
    expect(res.status).toBe(200);
    expect(res.headers.get('etag')).toBeNull();
  });
});
