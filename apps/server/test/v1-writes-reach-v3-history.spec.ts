import type { NightscoutClient } from '@nightscout/client';
import { clientOf, closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

describe('API v1 writes are visible to v3 HISTORY (Nightscout #8244)', () => {
  let c: V3Client;
  let reader: NightscoutClient;
  beforeAll(async () => {
    c = await startV3();
    ({ reader } = await v3Clients(c));
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('a v1 POST, PUT and DELETE of a treatment each appear in v3 history with srvModified', async () => {
    const start = Date.now() - 1;
    const { v1 } = clientOf(c.server).rest;
    const [created] = await v1.create('treatments', { eventType: 'Note', notes: 'from v1 REST', created_at: new Date().toISOString() });
    const srvModified = created.srvModified as number;
    const history = () => reader.rest.v3.history('treatments', start);

    expect(await history()).toEqual([expect.objectContaining({ identifier: created.identifier, notes: 'from v1 REST', srvModified })]);
    await new Promise((r) => setTimeout(r, 5));
    await v1.update('treatments', { ...created, notes: 'edited in v1' });
    expect(await history()).toEqual([expect.objectContaining({ identifier: created.identifier, notes: 'edited in v1' })]);
    expect((await history())[0].srvModified > srvModified).toBe(true);
    await v1.remove('treatments', created._id);
    // v1 deletes are permanent, as in the reference: the document leaves history too.
    expect(await history()).toEqual([]);
  });
});
