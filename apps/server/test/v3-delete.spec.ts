import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 DELETE (spec §8.6)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let reader: NightscoutClient;
  let db: Connection;
  /** Creates an entry; the events recorded afterwards are the test's own. */
  const create = async (body: object) => {
    const { identifier } = await admin.rest.v3.create('entries', { app: 'xDrip', type: 'sgv', sgv: 100, ...body });
    c.server.events.length = 0;
    return identifier;
  };

  beforeAll(async () => {
    c = await startV3();
    ({ admin, reader } = await v3Clients(c));
    db = c.server.app.get<Connection>(getConnectionToken());
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-soft-delete-marks-invalid-and-hides-from-search', async () => {
    const id = await create({ date: 1700000000000 });
    expect(await admin.rest.v3.remove('entries', id)).toEqual({ status: 200 });
    expect(await db.collection('entries').findOne({ identifier: id })).toMatchObject({ isValid: false, modifiedBy: 'admin-app' });
    expect(await reader.rest.v3.search('entries')).toEqual([]);
    expect(c.server.events).toEqual([expect.objectContaining({ operation: 'delete', permanent: false, entryPoint: 'api-v3' })]);
    // Deleting again succeeds and is reported again.
    expect(await admin.rest.v3.remove('entries', id)).toEqual({ status: 200 });
  });

  it('successful-permanent-delete-removes-the-document', async () => {
    const id = await create({ date: 1700000100000 });
    expect(await admin.rest.v3.remove('entries', id, { permanent: true })).toEqual({ status: 200 });
    expect(await db.collection('entries').countDocuments({ identifier: id })).toBe(0);
    expect(c.server.events).toEqual([expect.objectContaining({ operation: 'delete', permanent: true })]);
    const again = await c.call(c.admin, `/entries/${id}?permanent=true`, { method: 'DELETE' });
    expect(again.status).toBe(404);
    expect(await again.json()).toEqual({ status: 404 });
  });

  it('failing-401-403-404-422', async () => {
    const id = await create({ date: 1700000200000 });
    expect((await c.call(undefined, `/entries/${id}`, { method: 'DELETE' })).status).toBe(401);
    expect(await (await c.call(c.reader, `/entries/${id}`, { method: 'DELETE' })).json()).toEqual({ status: 403, message: 'Missing permission api:entries:delete' });
    expect((await c.call(c.admin, '/entries/unknown', { method: 'DELETE' })).status).toBe(404);
    const locked = await create({ date: 1700000300000, isReadOnly: true });
    const res = await c.call(c.admin, `/entries/${locked}`, { method: 'DELETE' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ status: 422, message: 'Trying to modify read-only document' });
  });
});
