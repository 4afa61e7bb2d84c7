import { createHash } from 'node:crypto';
import { AuthService } from '../src/auth/auth.service';
import { JwtSigner } from '../src/auth/jwt';
import { AuthStore } from '../src/auth/auth-store';
import { clientOf, closeLibraryClients } from './support/library-clients';
import { createSubject } from './support/subjects';
import { TEST_API_SECRET, TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

const sha = (alg: string, v: string) => createHash(alg).update(v).digest('hex');


/** 200 when the credential grants the permission, 401 otherwise. */
const check = (server: TestServer, permission: string, init: RequestInit = {}, query = '') =>
  server.fetch(`/api/v2/authorization/debug/check/${permission}${query}`, init).then((r) => r.status);

describe('authentication: every credential form resolves to the right permissions', () => {
  let server: TestServer;
  let careportalToken: string;
  let uploaderToken: string;

  beforeAll(async () => {
    server = await startTestServer();
    careportalToken = await createSubject(server, 'Care Portal', ['careportal']);
    uploaderToken = await createSubject(server, 'uploader', ['devicestatus-upload']);
  });
  afterAll(async () => {
    closeLibraryClients();
    await server.close();
  });

  it('derives access tokens as the reference does', () => {
    expect(careportalToken).toMatch(/^careportal-[0-9a-f]{16}$/);
    const subject = server.app.get(AuthStore).findSubjectByName('Care Portal')!;
    expect(careportalToken).toBe(`careportal-${sha('sha1', TEST_SECRET_SHA1 + subject._id.toHexString()).slice(0, 16)}`);
  });

  it('accepts the SHA-1 of API_SECRET in any case and its SHA-512 in lower case', async () => {
    expect(await check(server, '*', { headers: { 'api-secret': TEST_SECRET_SHA1 } })).toBe(200);
    expect(await check(server, '*', { headers: { 'api-secret': TEST_SECRET_SHA1.toUpperCase() } })).toBe(200);
    expect(await check(server, '*', { headers: { 'api-secret': sha('sha512', TEST_API_SECRET) } })).toBe(200);
    expect(await check(server, '*', {}, `?secret=${TEST_SECRET_SHA1}`)).toBe(200);
  });

  it('never accepts the plain-text secret', async () => {
    expect(await check(server, 'api:entries:read', { headers: { 'api-secret': TEST_API_SECRET } })).toBe(401);
  });

  it('accepts an access token, its SHA-1, and a JWT obtained for it', async () => {
    expect(await check(server, 'api:treatments:create', {}, `?token=${careportalToken}`)).toBe(200);
    expect(await check(server, 'api:treatments:create', { headers: { 'api-secret': careportalToken } })).toBe(200);
    expect(await check(server, 'api:treatments:create', { headers: { 'api-secret': sha('sha1', careportalToken) } })).toBe(200);
    // The JWT as an app gets it: through the library.
    const jwt = (await clientOf(server, { token: careportalToken }).auth.jwt())!;
    expect(jwt).toMatchObject({ sub: 'Care Portal', permissionGroups: [['api:treatments:create'], ['*:*:read']] });
    expect(jwt.exp - jwt.iat).toBe(8 * 3600);
    expect(await check(server, 'api:treatments:create', { headers: { authorization: `Bearer ${jwt.token}` } })).toBe(200);
    // A JWT can be refreshed through the same endpoint.
    expect((await server.fetch(`/api/v2/authorization/request/${jwt.token}`)).status).toBe(200);
  });

  it('rejects an expired JWT, a JWT signed with another key, and an unknown token', async () => {
    const store = server.app.get(AuthStore);
    const expired = new JwtSigner(store.signingKey).sign(careportalToken, Math.floor(Date.now() / 1000) - 9 * 3600).token;
    const foreign = new JwtSigner('another key that is long enough for hs256').sign(careportalToken).token;
    expect(await check(server, 'api:entries:read', { headers: { authorization: `Bearer ${expired}` } })).toBe(401);
    expect(await check(server, 'api:entries:read', { headers: { authorization: `Bearer ${foreign}` } })).toBe(401);
    expect(await check(server, 'api:entries:read', {}, '?token=nobody-0123456789abcdef')).toBe(401);
    expect((await server.fetch('/api/v2/authorization/request/nobody-0123456789abcdef')).status).toBe(401);
  });

  it('answers 401 to a wrong credential even where no credential would be allowed (Q12)', async () => {
    expect(await check(server, 'api:entries:read')).toBe(200);
    expect(await check(server, 'api:entries:read', { headers: { 'api-secret': 'f'.repeat(40) } })).toBe(401);
  });

  it('adds the default roles to every token: an uploader can read while defaults are readable', async () => {
    expect(await check(server, 'api:devicestatus:create', {}, `?token=${uploaderToken}`)).toBe(200);
    expect(await check(server, 'api:entries:read', {}, `?token=${uploaderToken}`)).toBe(200);
    expect(await check(server, 'api:entries:create', {}, `?token=${uploaderToken}`)).toBe(401);
  });

  it('makes a deleted subject JWT resolve to nothing instead of crashing (W8)', async () => {
    const token = await createSubject(server, 'temporary', ['admin']);
    const { token: jwt } = (await clientOf(server, { token }).auth.jwt())!;
    const subject = server.app.get(AuthStore).findSubjectByName('temporary')!;
    await clientOf(server).rest.v2.subjects.remove(subject._id.toHexString());
    expect(await check(server, 'api:entries:read', { headers: { authorization: `Bearer ${jwt}` } })).toBe(401);
    expect((await server.fetch('/api/v1/status.json')).status).toBe(200);
  });

  it('lets stored roles replace built-in ones and lists both', async () => {
    const admin = clientOf(server).rest.v2.roles;
    await admin.create({ name: 'careportal', permissions: ['api:treatments:*'] });
    expect(await check(server, 'api:treatments:delete', {}, `?token=${careportalToken}`)).toBe(200);
    const roles = await admin.list();
    expect(roles.map((r) => r.name)).toEqual(expect.arrayContaining(['admin', 'readable', 'careportal', 'denied']));
    expect(roles.filter((r) => r.name === 'careportal')).toHaveLength(1);
  });

  it('guards the administration routes', async () => {
    expect((await server.fetch('/api/v2/authorization/subjects')).status).toBe(401);
    expect((await server.fetch('/api/v2/authorization/subjects', { method: 'POST', json: { name: 'x', roles: [] } })).status).toBe(401);
    expect((await server.fetch(`/api/v2/authorization/subjects?token=${careportalToken}`)).status).toBe(401);
  });
});

describe('authentication: the role × permission matrix', () => {
  let server: TestServer;
  let auth: AuthService;
  beforeAll(async () => {
    server = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    auth = server.app.get(AuthService);
  });
  afterAll(() => server.close());

  const permissions = ['api:entries:read', 'api:treatments:create', 'api:treatments:update', 'api:devicestatus:create', 'api:activity:create', 'api:status:read', 'admin:api:subjects:read', 'notifications:*:ack'];
  const matrix: Record<string, boolean[]> = {
    admin: [true, true, true, true, true, true, true, true],
    readable: [true, false, false, false, false, true, false, false],
    careportal: [false, true, false, false, false, false, false, false],
    'devicestatus-upload': [false, false, false, true, false, false, false, false],
    activity: [false, false, false, false, true, false, false, false],
    'status-only': [false, false, false, false, false, true, false, false],
    denied: [false, false, false, false, false, false, false, false],
  };

  it.each(Object.entries(matrix))('role %s grants exactly its permissions', async (role, expected) => {
    const token = await createSubject(server, `subject ${role}`, [role]);
    const resolution = await auth.resolve({ secret: token, ip: '127.0.0.1' });
    expect(resolution.ok).toBe(true);
    const granted = permissions.map((p) => resolution.ok && resolution.auth.sets.some((s) => s.check(p)));
    expect(granted).toEqual(expected);
  });

  it.each([
    ['readable', true],
    ['denied', false],
    ['status-only', false],
  ])('no credential with AUTH_DEFAULT_ROLES=%s reads entries: %s', async (roles, canRead) => {
    const other = await startTestServer({ AUTH_DEFAULT_ROLES: roles });
    try {
      const resolution = await other.app.get(AuthService).resolve({ ip: '127.0.0.1' });
      expect(resolution.ok && resolution.auth.defaults).toBe(true);
      expect(resolution.ok && resolution.auth.sets.some((s) => s.check('api:entries:read'))).toBe(canRead);
    } finally {
      await other.close();
    }
  });

  it('counts one failed attempt per request, also when the rate limiter looked at the credentials first', async () => {
    const delayed = await startTestServer({ AUTH_FAIL_DELAY: '300' });
    try {
      const failing = Date.now();
      expect((await delayed.fetch('/api/v3/entries', { headers: { authorization: 'Bearer not-a-jwt' } })).status).toBe(401);
      // The failing request itself is not delayed by its own failure.
      expect(Date.now() - failing).toBeLessThan(250);
      const started = Date.now();
      expect((await delayed.fetch('/api/v1/status.json')).status).toBe(200);
      const waited = Date.now() - started;
      expect(waited).toBeGreaterThanOrEqual(250);
      expect(waited).toBeLessThan(550);
    } finally {
      await delayed.close();
    }
  });

  it('delays a client after a failed credential, bounded', async () => {
    const delayed = await startTestServer({ AUTH_FAIL_DELAY: '300' });
    try {
      const service = delayed.app.get(AuthService);
      expect((await service.resolve({ secret: 'wrong-0123456789abcdef', ip: '10.1.1.1' })).ok).toBe(false);
      const started = Date.now();
      await service.resolve({ ip: '10.1.1.1' });
      expect(Date.now() - started).toBeGreaterThanOrEqual(250);
      const other = Date.now();
      await service.resolve({ ip: '10.1.1.2' });
      expect(Date.now() - other).toBeLessThan(250);
    } finally {
      await delayed.close();
    }
  });
});
