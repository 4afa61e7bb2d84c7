import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';

describe('bad input gets a 4xx with a message and never crashes the server', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startTestServer();
  });
  afterAll(() => server.close());
  afterEach(async () => {
    // The server still answers a valid request after each case.
    expect((await server.fetch('/api/v1/status.json')).status).toBe(200);
  });

  it.each([
    ['?secret[x]=1 (crashed the reference, W12)', '?secret[x]=1'],
    ['a repeated secret', `?secret=${TEST_SECRET_SHA1}&secret=${TEST_SECRET_SHA1}`],
    ['?token[x]=1', '?token[x]=1'],
    ['a repeated token', '?token=a&token=b'],
  ])('%s is a 401 with a message', async (_name, query) => {
    const res = await server.fetch(`/api/v1/status.json${query}`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ status: 401, message: 'Unauthorized', description: 'Invalid/Missing' });
  });

  it.each([
    ['an object', { secret: { $gt: '' } }],
    ['a number', { secret: 12 }],
    ['an array', { secret: ['a', 'b'] }],
    ['a boolean token', { token: true }],
  ])('a body secret that is %s is a 401', async (_name, body) => {
    const res = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', json: { name: 'x', roles: [], ...body } });
    expect(res.status).toBe(401);
  });

  it('answers malformed JSON with 400 and a message, without a stack trace', async () => {
    const res = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: { 'content-type': 'application/json', 'api-secret': TEST_SECRET_SHA1 }, body: '{"name": ' });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, message: 'Malformed request body' });
    expect(JSON.stringify(body)).not.toMatch(/at .*\.js/);
  });

  it('answers an oversized body with 413', async () => {
    const res = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers: { 'api-secret': TEST_SECRET_SHA1 }, json: { name: 'x'.repeat(6 * 1024 * 1024), roles: [] } });
    expect(res.status).toBe(413);
  });

  it('answers invalid subject bodies and ids with 400 listing the problems', async () => {
    const headers = { 'api-secret': TEST_SECRET_SHA1 };
    const bad = await server.fetch('/api/v2/authorization/subjects', { method: 'POST', headers, json: { name: 7, roles: 'admin' } });
    expect(bad.status).toBe(400);
    expect((await bad.json()).description).toMatch(/name must be a string.*roles must be an array/);
    const badId = await server.fetch('/api/v2/authorization/subjects/not-an-id', { method: 'DELETE', headers });
    expect(badId.status).toBe(400);
    expect(await badId.json()).toEqual({ status: 400, message: 'Invalid _id format', description: 'Must be 24-character hex string. Got: not-an-id' });
  });

  it('answers unknown paths and unknown collections with a JSON 404', async () => {
    for (const path of ['/api/v1/nothing-here', '/api/v3/notacollection/xyz']) {
      const res = await server.fetch(path);
      expect(res.status).toBe(404);
      expect(await res.json()).toMatchObject({ status: 404, message: expect.any(String) });
    }
  });
});
