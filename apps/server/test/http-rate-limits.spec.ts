import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

const admin = { 'api-secret': TEST_SECRET_SHA1 };
const status = (server: TestServer, headers: Record<string, string> = {}) => server.fetch('/api/v1/status.json', { headers });
const createSubject = (server: TestServer, name: string) =>
  server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: admin, json: { name, roles: ['readable'] } });

async function exhaust(limit: number, request: () => Promise<Response>): Promise<Response> {
  for (let i = 0; i < limit; i++) expect((await request()).status).toBeLessThan(300);
  return request();
}

async function expectLimited(res: Response): Promise<void> {
  expect(res.status).toBe(429);
  const retryAfter = Number(res.headers.get('retry-after'));
  expect(retryAfter).toBeGreaterThan(0);
  expect(retryAfter).toBeLessThanOrEqual(60);
  expect(await res.json()).toEqual({ status: 429, message: 'Too Many Requests', retryAfterMs: retryAfter * 1000 });
}

/** A server for the enclosing describe block. */
function serverWith(env: Record<string, string>): () => TestServer {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer(env);
  });
  afterAll(() => server.close());
  return () => server;
}

describe('HTTP rate limits', () => {
  describe('without a trusted proxy', () => {
    const server = serverWith({ RATE_LIMIT_READ_PER_MIN: '5', RATE_LIMIT_WRITE_PER_MIN: '2' });

    it('answers reads beyond the limit with 429, Retry-After and a JSON message, whatever X-Forwarded-For says', async () => {
      await expectLimited(await exhaust(5, () => status(server())));
      // A forged X-Forwarded-For does not give a fresh budget: the peer address is the key.
      await expectLimited(await status(server(), { 'x-forwarded-for': '198.51.100.1' }));
    });

    it('limits writes separately and more strictly, per identity', async () => {
      await expectLimited(await exhaust(2, () => createSubject(server(), `s-${Math.random()}`)));
      // The same identity still has its read budget, and nothing beyond the limit was stored.
      const subjects = await server().fetch('/api/v2/authorization/subjects', { headers: admin });
      expect(subjects.status).toBe(200);
      expect((await subjects.json()).filter((s: { name: string }) => s.name.startsWith('s-'))).toHaveLength(2);
    });

    it('keeps another identity unaffected', async () => {
      const created = await (await server().fetch('/api/v2/authorization/subjects', { headers: admin })).json();
      const token = created.find((s: { name: string }) => s.name.startsWith('s-')).accessToken as string;
      // Anonymous reads from this address are limited (first test); the subject has its own budget.
      expect((await status(server())).status).toBe(429);
      expect((await server().fetch(`/api/v1/status.json?token=${token}`)).status).toBe(200);
    });
  });

  describe('with TRUST_PROXY', () => {
    const server = serverWith({ RATE_LIMIT_READ_PER_MIN: '3', TRUST_PROXY: '127.0.0.1' });

    it('keys anonymous clients by the forwarded address', async () => {
      await expectLimited(await exhaust(3, () => status(server(), { 'x-forwarded-for': '198.51.100.1' })));
      expect((await status(server(), { 'x-forwarded-for': '198.51.100.2' })).status).toBe(200);
    });
  });

  describe('with limits of 0', () => {
    const server = serverWith({ RATE_LIMIT_READ_PER_MIN: '0' });

    it('never limits', async () => {
      for (let i = 0; i < 20; i++) expect((await status(server())).status).toBe(200);
    });
  });
});
