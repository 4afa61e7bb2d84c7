import { startTestServer, type TestServer } from './support/test-server';

/** The API3_* switches are read from the process environment when the module starts (spec §2). */
describe('API v3 environment switches', () => {
  let server: TestServer;
  const saved = { ...process.env };

  beforeAll(async () => {
    Object.assign(process.env, { API3_SECURITY_ENABLE: 'false', API3_MAX_LIMIT: '2', API3_CREATED_AT_FALLBACK_ENABLED: 'off' });
    server = await startTestServer();
  });
  afterAll(async () => {
    process.env = saved;
    await server.close();
  });

  it('successful-security-off: every request is admin and no subject is recorded', async () => {
    const res = await server.fetch('/api/v3/treatments', { method: 'POST', json: { date: 1700000000000, app: 'x', eventType: 'Note', created_at: 'dropped' } });
    expect(res.status).toBe(201);
    const { identifier } = await res.json();
    const { result } = await (await server.fetch(`/api/v3/treatments/${identifier}`)).json();
    expect(result.subject).toBeUndefined();
    expect(result.created_at).toBeUndefined();
    expect((await (await server.fetch('/api/v3/status')).json()).result.apiPermissions.settings).toBe('crud');
  });

  it('failing-400-limit-above-API3_MAX_LIMIT', async () => {
    expect((await server.fetch('/api/v3/entries?limit=2')).status).toBe(200);
    expect(await (await server.fetch('/api/v3/entries?limit=3')).json()).toEqual({ status: 400, message: 'Parameter limit out of tolerance' });
  });
});
