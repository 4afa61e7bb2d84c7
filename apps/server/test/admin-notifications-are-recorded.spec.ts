import type { Credentials } from '@nightscout/client';
import { ADMIN_CREDENTIALS, clientOf, closeLibraryClients, type Json } from './support/library-clients';
import { startTestServer, type TestServer } from './support/test-server';

const READABLE_BY_WORLD = 'Nightscout readable by world';

describe('admin notifications are recorded as the reference records them', () => {
  let server: TestServer | undefined;
  afterEach(async () => {
    closeLibraryClients();
    await server?.close();
    server = undefined;
  });
  /** The notices as a library client with these credentials reads them (none: a visitor). */
  const list = async (credentials: Credentials = {}) => (await clientOf(server!, credentials).rest.get<Json>('/api/v1/adminnotifies')).message;

  it('warns admins that a site whose default roles can read is readable by world; others only see the count', async () => {
    server = await startTestServer();
    const admin = await list(ADMIN_CREDENTIALS);
    expect(admin.notifyCount).toBe(1);
    expect(admin.notifies).toEqual([{ title: READABLE_BY_WORLD, message: expect.stringContaining('readable by anyone'), persistent: true, count: 1, lastRecorded: expect.any(Number) }]);
    expect(await list()).toEqual({ notifies: [], notifyCount: 1 });
  });

  it('records nothing for a closed site until a device fails to authenticate, then counts repeats', async () => {
    server = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    expect(await list(ADMIN_CREDENTIALS)).toEqual({ notifies: [], notifyCount: 0 });
    // A device with a wrong secret: raw requests.
    for (let i = 0; i < 2; i++) await server.fetch('/api/v1/entries.json', { headers: { 'api-secret': 'f'.repeat(40) } });
    const { notifies } = await list(ADMIN_CREDENTIALS);
    expect(notifies).toEqual([{ title: 'Failed authentication', message: expect.stringContaining('A device at IP address 127.0.0.1 attempted authenticating'), count: 2, lastRecorded: expect.any(Number) }]);
  });

  it('warns about a weak API_SECRET, and records nothing with ADMIN_NOTIFIES_ENABLED=off', async () => {
    server = await startTestServer({ API_SECRET: 'aaaaaaaaaaaa', AUTH_DEFAULT_ROLES: 'denied' });
    expect((await list({ secret: 'aaaaaaaaaaaa' })).notifies.map((n: { message: string }) => n.message)).toEqual([expect.stringContaining('Weak API_SECRET detected')]);
    await server.close();
    server = await startTestServer({ ADMIN_NOTIFIES_ENABLED: 'off' });
    expect(await list(ADMIN_CREDENTIALS)).toEqual({ notifies: [], notifyCount: 0 });
  });
});
