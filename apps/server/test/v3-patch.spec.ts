import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 PATCH (spec §8.5)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let db: Connection;
  let id: string;
  const patch = (jwt: string | undefined, identifier: string, body: unknown, headers: Record<string, string> = {}) =>
    c.call(jwt, `/treatments/${identifier}`, { method: 'PATCH', json: body, headers });

  beforeAll(async () => {
    c = await startV3();
    ({ admin } = await v3Clients(c));
    db = c.server.app.get<Connection>(getConnectionToken());
    id = (await admin.rest.v3.create('treatments', { date: 1700000000000, app: 'AAPS', device: 'd', eventType: 'Temporary Target', duration: 30 })).identifier;
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-200-sets-fields-modifiedBy-duration-and-srvModified', async () => {
    // The Last-Modified header: a raw request.
    const before = await db.collection('treatments').findOne({ identifier: id });
    const res = await patch(c.admin, id, { duration: 45, notes: 'longer', date: 1700000000000 });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 200 });
    expect(res.headers.get('last-modified')).not.toBeNull();
    const after = await db.collection('treatments').findOne({ identifier: id });
    expect(after).toMatchObject({ notes: 'longer', duration: 45, durationInMilliseconds: 2_700_000, modifiedBy: 'admin-app', app: 'AAPS', srvCreated: before!.srvCreated });
    expect(after!.srvModified).toBeGreaterThanOrEqual(before!.srvModified);
  });

  it('failing-400-empty-body-immutable-and-invalid-fields', async () => {
    expect(await (await patch(c.admin, id, {})).json()).toEqual({ status: 400, message: 'Bad or missing request body' });
    expect(await (await patch(c.admin, id, { date: '2023-11-14T22:13:20Z' })).json()).toEqual({ status: 400, message: 'Field date cannot be modified by the client' });
    expect(await (await patch(c.admin, id, { identifier: 'other' })).json()).toEqual({ status: 400, message: 'Field identifier cannot be modified by the client' });
    // Only a value equal to the stored one passes the immutability check; validation still refuses a bad one.
    await db.collection('treatments').insertOne({ identifier: 'legacy-bad-offset', date: 1700000500000, utcOffset: '+01:00', eventType: 'Note' });
    expect(await (await patch(c.admin, 'legacy-bad-offset', { utcOffset: '+01:00' })).json()).toEqual({ status: 400, message: 'Bad or missing utcOffset field' });
  });

  it('failing-401-403-404', async () => {
    expect((await patch(undefined, id, { notes: 'x' })).status).toBe(401);
    expect(await (await patch(c.careportal, id, { notes: 'x' })).json()).toEqual({ status: 403, message: 'Missing permission api:treatments:update' });
    const missing = await patch(c.admin, 'nothing-here', { notes: 'x' });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ status: 404 });
  });

  it('failing-412-if-unmodified-since-earlier', async () => {
    const res = await patch(c.admin, id, { notes: 'late' }, { 'if-unmodified-since': new Date(Date.now() - 60_000).toUTCString() });
    expect(res.status).toBe(412);
    expect(await res.json()).toEqual({ status: 412 });
  });

  it('failing-410-and-422', async () => {
    const create = (body: object) => admin.rest.v3.create('treatments', { app: 'x', eventType: 'Note', ...body });
    const { identifier: gone } = await create({ date: 1700000600000 });
    await admin.rest.v3.remove('treatments', gone);
    expect(await (await patch(c.admin, gone, { notes: 'x' })).json()).toEqual({ status: 410 });
    const { identifier: locked } = await create({ date: 1700000700000, readOnly: true });
    const res = await patch(c.admin, locked, { notes: 'x' });
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ status: 422, message: 'Trying to modify read-only document' });
  });
});
