import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

describe('status and version endpoints', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());

  it('answers GET /api/v1/status.json with the reference shape', async () => {
    const res = await server.fetch('/api/v1/status.json');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({
      status: 'ok',
      name: 'nightscout',
      version: '15.0.7',
      apiEnabled: true,
      careportalEnabled: true,
      boluscalcEnabled: false,
      authorized: null,
      runtimeState: 'loaded',
      settings: { units: 'mg/dl', thresholds: { bgHigh: 260, bgTargetTop: 180, bgTargetBottom: 80, bgLow: 55 }, authDefaultRoles: 'readable' },
    });
    expect(Math.abs(body.serverTimeEpoch - Date.now())).toBeLessThan(5000);
    expect(new Date(body.serverTime).getTime()).toBe(body.serverTimeEpoch);
    expect(body.settings.enable).toContain('careportal');
  });

  it('serves /api/v2/status too, and negotiates HTML by default and text with .txt', async () => {
    expect((await server.fetch('/api/v2/status.json')).status).toBe(200);
    const html = await server.fetch('/api/v1/status');
    expect(html.headers.get('content-type')).toMatch(/text\/html/);
    expect(await html.text()).toBe('<h1>STATUS OK</h1>');
    expect(await (await server.fetch('/api/v1/status.txt')).text()).toBe('STATUS OK');
    expect(await (await server.fetch('/api/v1/status.js')).text()).toMatch(/^this\.serverSettings = \{.*\};$/);
  });

  it('refuses status to callers whose roles lack api:status:read', async () => {
    const denied = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    try {
      const res = await denied.fetch('/api/v1/status.json');
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ status: 401, message: 'Unauthorized', description: 'Invalid/Missing' });
      expect((await denied.fetch('/api/v1/status.json', { headers: { 'api-secret': TEST_SECRET_SHA1 } })).status).toBe(200);
    } finally {
      await denied.close();
    }
  });

  it('answers GET /api/v3/version without a token', async () => {
    const res = await server.fetch('/api/v3/version');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toEqual({
      status: 200,
      result: { version: '15.0.7', apiVersion: '3.0.3-alpha', srvDate: expect.any(Number), storage: { storage: 'mongodb', version: expect.stringMatching(/^\d+\.\d+/) } },
    });
  });

  it('lists the API versions', async () => {
    expect(await (await server.fetch('/api/versions')).json()).toEqual([
      { version: '1.0.0', url: '/api/v1' },
      { version: '2.0.0', url: '/api/v2' },
      { version: '3.0.3-alpha', url: '/api/v3' },
    ]);
  });
});
