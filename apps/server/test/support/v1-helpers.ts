import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './test-server';

/** Headers that authenticate as admin with the API secret. */
export const ADMIN = { 'api-secret': TEST_SECRET_SHA1 };

/** GETs a JSON body, asserting the 200 first so a failure names the status. */
export async function getJson(server: TestServer, path: string): Promise<any> {
  const res = await server.fetch(path);
  expect(res.status).toBe(200);
  return res.json();
}

/** Creates a subject with `roles` and returns its access token. */
export async function accessToken(server: TestServer, name: string, roles: string[]): Promise<string> {
  await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: ADMIN, json: { name, roles } });
  const list = await (await server.fetch('/api/v2/authorization/subjects', { headers: ADMIN })).json();
  return list.find((s: { name: string }) => s.name === name).accessToken;
}

/**
 * A test server for the enclosing `describe`: started before its tests, closed after them, its
 * recorded events cleared before each test. The returned object forwards to the running server.
 */
export function serverPerSuite(env: Record<string, string> = {}): TestServer {
  let current: TestServer | undefined;
  beforeAll(async () => {
    current = await startTestServer(env);
  });
  afterAll(() => current?.close());
  beforeEach(() => {
    if (current) current.events.length = 0;
  });
  return new Proxy({} as TestServer, { get: (_target, key) => current![key as keyof TestServer] });
}
