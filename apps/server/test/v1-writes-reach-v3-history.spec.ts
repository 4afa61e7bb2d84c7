import { ADMIN_HEADERS } from './support/subjects';
import { startV3, type V3Client } from './support/v3-client';

describe('API v1 writes are visible to v3 HISTORY (Nightscout #8244)', () => {
  let c: V3Client;
  beforeAll(async () => {
    c = await startV3();
  });
  afterAll(() => c.server.close());

  it('a v1 POST, PUT and DELETE of a treatment each appear in v3 history with srvModified', async () => {
    const start = Date.now() - 1;
    const v1 = (method: string, path: string, json?: unknown) => c.server.fetch(`/api/v1/treatments${path}`, { method, headers: ADMIN_HEADERS, json });
    const [created] = await (await v1('POST', '', { eventType: 'Note', notes: 'from v1 REST', created_at: new Date().toISOString() })).json();
    const history = async () => (await (await c.call(c.reader, `/treatments/history/${start}`)).json()).result as Record<string, unknown>[];

    expect(await history()).toEqual([expect.objectContaining({ identifier: created.identifier, notes: 'from v1 REST', srvModified: created.srvModified })]);
    await new Promise((r) => setTimeout(r, 5));
    await v1('PUT', '', { ...created, notes: 'edited in v1' });
    expect(await history()).toEqual([expect.objectContaining({ identifier: created.identifier, notes: 'edited in v1' })]);
    expect(((await history())[0].srvModified as number) > created.srvModified).toBe(true);
    expect((await v1('DELETE', `/${created._id}`)).status).toBe(200);
    // v1 deletes are permanent, as in the reference: the document leaves history too.
    expect(await history()).toEqual([]);
  });
});
