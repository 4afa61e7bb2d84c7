import type { NightscoutClient } from '@nightscout/client';
import { clientOf, closeLibraryClients } from './support/library-clients';
import { startTestServer, type TestServer } from './support/test-server';

/** The API3_* switches are read from the process environment when the module starts (spec §2). */
describe('API v3 environment switches', () => {
  let server: TestServer;
  /** No credentials: with security off, an app needs none. */
  let app: NightscoutClient;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { API3_SECURITY_ENABLE: 'false', API3_MAX_LIMIT: '2', API3_CREATED_AT_FALLBACK_ENABLED: 'off' });
    server = await startTestServer();
    app = clientOf(server, {});
  });
  afterAll(async () => {
    closeLibraryClients();
    process.env = saved;
    await server.close();
  });

  it('successful-security-off: every request is admin and no subject is recorded', async () => {
    const created = await app.rest.v3.create('treatments', { date: 1700000000000, app: 'x', eventType: 'Note', created_at: 'dropped' });
    expect(created.status).toBe(201);
    const result = await app.rest.v3.read('treatments', created.identifier);
    expect(result.subject).toBeUndefined();
    expect(result.created_at).toBeUndefined();
    expect((await app.rest.v3.status()).apiPermissions.settings).toBe('crud');
  });

  it('failing-400-limit-above-API3_MAX_LIMIT', async () => {
    expect(await app.rest.v3.search('entries', { limit: 2 })).toEqual([]);
    expect(await (await server.fetch('/api/v3/entries?limit=3')).json()).toEqual({ status: 400, message: 'Parameter limit out of tolerance' });
  });
});
