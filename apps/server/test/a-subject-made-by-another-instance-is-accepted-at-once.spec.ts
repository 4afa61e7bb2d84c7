import { createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';

/**
 * Instances share subjects through the database; a change message (Redis) tells the others to
 * reload, and may arrive after a client already uses the new token on another instance. Here the
 * two servers share a database and no Redis: no message ever arrives.
 */
describe('a subject made by another instance', () => {
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    a = await startTestServer();
    b = await startTestServer({}, a.database);
  });
  afterAll(async () => {
    await b?.stop();
    await a?.close();
  });

  it('is accepted at once: unknown credentials reload the subjects (at most once a second)', async () => {
    const token = await createSubject(a, 'made-on-a', ['readable']);
    const res = await b.fetch(`/api/v2/authorization/request/${token}`);
    expect(res.status).toBe(200);
    expect(typeof (await res.json()).token).toBe('string');
  });
});
