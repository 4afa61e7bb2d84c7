import { startTestServer, type TestServer } from './test-server';

/** GETs a JSON body, asserting the 200 first so a failure names the status. */
export async function getJson(server: TestServer, path: string) {
  const res = await server.fetch(path);
  expect(res.status).toBe(200);
  return res.json();
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
