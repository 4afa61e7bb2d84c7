import { createSubject } from './subjects';
import { startTestServer, type TestServer } from './test-server';

/** A subject with these roles and a JWT for it, obtained the way AndroidAPS gets one. */
export async function jwtFor(server: TestServer, name: string, roles: string[]): Promise<string> {
  const accessToken = await createSubject(server, name, roles);
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
export async function startV3(env: Record<string, string> = {}, database?: string): Promise<V3Client> {
  const server = await startTestServer(env, database);
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
