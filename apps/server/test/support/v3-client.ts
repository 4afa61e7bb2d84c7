import { connect } from '@nightscout/client';
import { createSubject } from './subjects';
import { startTestServer, type TestServer } from './test-server';

/** A subject with these roles and a JWT for it, obtained the way AndroidAPS gets one (through the client library). */
export async function jwtFor(server: TestServer, name: string, roles: string[]): Promise<string> {
  const token = await createSubject(server, name, roles);
  const grant = await connect({ baseUrl: server.url, token }).auth.jwt();
  if (!grant) throw new Error(`no JWT for ${name}`);
  return grant.token;
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
