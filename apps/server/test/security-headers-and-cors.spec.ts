import { startTestServer, type TestServer } from './support/test-server';

describe('security headers and CORS', () => {
  let plain: TestServer;
  let cors: TestServer;
  beforeAll(async () => {
    [plain, cors] = await Promise.all([startTestServer(), startTestServer({ ENABLE: 'cors', CORS_ALLOW_ORIGIN: 'https://follower.example' })]);
  });
  afterAll(() => Promise.all([plain.close(), cors.close()]));

  it('sends the security headers on every response, errors and socket.io transport responses included', async () => {
    const handshake = await plain.fetch('/socket.io/?EIO=4&transport=polling');
    expect(handshake.status).toBe(200);
    const unknownSid = await plain.fetch('/socket.io/?EIO=4&transport=polling&sid=nosuchsession');
    expect(unknownSid.status).toBe(400);
    const eio3 = await plain.fetch('/socket.io/?EIO=3&transport=polling');
    expect(eio3.status).toBe(200);
    for (const res of [await plain.fetch('/api/v1/status.json'), await plain.fetch('/no/such/route'), handshake, unknownSid, eio3]) {
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(res.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    }
  });

  it('sends no CORS headers unless ENABLE contains cors', async () => {
    const res = await plain.fetch('/api/v1/status.json', { headers: { origin: 'https://elsewhere.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers a preflight with 200 and the configured origin, methods and headers', async () => {
    const res = await cors.fetch('/api/v1/treatments', {
      method: 'OPTIONS',
      headers: { origin: 'https://follower.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'api-secret' },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://follower.example');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET,PUT,POST,PATCH,DELETE,OPTIONS');
    expect(res.headers.get('access-control-allow-headers')).toBe('Content-Type, Authorization, Content-Length, X-Requested-With, api-secret');
  });

  it('allows any origin by default', async () => {
    const server = await startTestServer({ ENABLE: 'cors' });
    try {
      const res = await server.fetch('/api/v1/status.json', { headers: { origin: 'https://elsewhere.example' } });
      expect(res.headers.get('access-control-allow-origin')).toBe('*');
    } finally {
      await server.close();
    }
  });
});
