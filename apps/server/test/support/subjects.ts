import { TEST_SECRET_SHA1, type TestServer } from './test-server';

export const ADMIN_HEADERS = { 'api-secret': TEST_SECRET_SHA1 };

/** Creates a subject with these roles through the admin API and returns its access token. */
export async function createSubject(server: TestServer, name: string, roles: string[]): Promise<string> {
  const res = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: ADMIN_HEADERS, json: { name, roles } });
  if (res.status !== 201) throw new Error(`creating subject ${name}: ${res.status} ${await res.text()}`);
  const subjects = await (await server.fetch('/api/v2/authorization/subjects', { headers: ADMIN_HEADERS })).json();
  return subjects.find((s: { name: string }) => s.name === name).accessToken;
}
