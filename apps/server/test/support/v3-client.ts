import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './test-server';

const admin = { 'api-secret': TEST_SECRET_SHA1 };

/** A subject with these roles and a JWT for it, obtained the way AndroidAPS gets one. */
export async function jwtFor(server: TestServer, name: string, roles: string[]): Promise<string> {
  const created = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: admin, json: { name, roles } });
  if (created.status !== 200 && created.status !== 201) throw new Error(`creating subject ${name}: ${created.status}`);
  const subjects: { name: string; accessToken: string }[] = await (await server.fetch('/api/v2/authorization/subjects', { headers: admin })).json();
  const accessToken = subjects.find((s) => s.name === name)!.accessToken;
  const res = await server.fetch(`/api/v2/authorization/request/${accessToken}`);
  if (res.status !== 200) throw new Error(`requesting a JWT for ${name}: ${res.status}`);
  return (await res.json()).token;
}

export interface V3Client {
  server: TestServer;
  /** Request with `Authorization: Bearer <jwt>` (no header when jwt is undefined). */
  call(jwt: string | undefined, path: string, init?: RequestInit & { json?: unknown }): Promise<Response>;
  /** JWTs: admin (`*`), careportal (create only on treatments), reader (default roles only). */
  admin: string;
  careportal: string;
  reader: string;
}

/** A test server with the three callers most v3 suites need. */
export async function startV3(env: Record<string, string> = {}): Promise<V3Client> {
  const server = await startTestServer(env);
  const [adminJwt, careportal, reader] = [await jwtFor(server, 'admin-app', ['admin']), await jwtFor(server, 'careportal-app', ['careportal']), await jwtFor(server, 'reader', [])];
  return {
    server,
    admin: adminJwt,
    careportal,
    reader,
    call: (jwt, path, init = {}) => {
      const headers = new Headers(init.headers);
      if (jwt) headers.set('authorization', `Bearer ${jwt}`);
      return server.fetch(`/api/v3${path}`, { ...init, headers });
    },
  };
}
