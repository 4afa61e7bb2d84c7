import { connect } from '@nightscout/client';
import { TEST_SECRET_SHA1, type TestServer } from './test-server';

export const ADMIN_HEADERS = { 'api-secret': TEST_SECRET_SHA1 };

/** Creates a subject with these roles through the admin API (with the client library) and returns its access token. */
export async function createSubject(server: TestServer, name: string, roles: string[]): Promise<string> {
  const admin = connect({ baseUrl: server.url, secretHash: TEST_SECRET_SHA1 }).rest.v2.subjects;
  await admin.create({ name, roles });
  const subject = (await admin.list()).find((s) => s.name === name);
  if (!subject) throw new Error(`creating subject ${name}: not listed after creation`);
  return subject.accessToken;
}
