import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

const doc = { date: 1700000000000, app: 'AAPS', device: 'd', eventType: 'Temp Target', duration: 30, utcOffset: 0 };

describe('API v3 UPDATE (spec §8.4)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let db: Connection;
  const put = (jwt: string | undefined, id: string, body: unknown, headers: Record<string, string> = {}) =>
    c.call(jwt, `/treatments/${id}`, { method: 'PUT', json: body, headers });

  beforeAll(async () => {
    c = await startV3();
    ({ admin } = await v3Clients(c));
    db = c.server.app.get<Connection>(getConnectionToken());
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-201-insert-with-the-correct-location', async () => {
    // The Location and Last-Modified headers: a raw request.
    const res = await put(c.admin, 'tt-1', { ...doc, identifier: 'ignored' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ status: 201, identifier: 'tt-1', lastModified: expect.any(Number) });
    expect(res.headers.get('location')).toBe('/api/v3/treatments/tt-1');
    expect(res.headers.get('last-modified')).not.toBeNull();
  });

  it('successful-200-replace-keeps-srvCreated-drops-missing-fields-normalises-duration', async () => {
    const before = await db.collection('treatments').findOne({ identifier: 'tt-1' });
    const body = (await admin.rest.v3.update('treatments', 'tt-1', { ...doc, duration: 60, reason: 'Eating Soon' })) as { status: number; lastModified: number };
    expect(body).toEqual({ status: 200, lastModified: expect.any(Number) });
    const after = await db.collection('treatments').findOne({ identifier: 'tt-1' });
    expect(after).toMatchObject({ reason: 'Eating Soon', durationInMilliseconds: 3_600_000, endmills: doc.date + 3_600_000, srvCreated: before!.srvCreated, srvModified: body.lastModified });
  });

  it('failing-400-empty-body-and-immutable-field', async () => {
    const empty = await put(c.admin, 'tt-1', {});
    expect(await empty.json()).toEqual({ status: 400, message: 'Bad or missing request body' });
    const moved = await put(c.admin, 'tt-1', { ...doc, eventType: 'Note' });
    expect(moved.status).toBe(400);
    expect(await moved.json()).toEqual({ status: 400, message: 'Field eventType cannot be modified by the client' });
    const invalid = await put(c.admin, 'tt-new', { ...doc, app: '' });
    expect(await invalid.json()).toEqual({ status: 400, message: 'Bad or missing app field' });
  });

  it('failing-401-403-for-update-and-for-create', async () => {
    expect((await put(undefined, 'tt-1', doc)).status).toBe(401);
    const update = await put(c.careportal, 'tt-1', doc);
    expect(update.status).toBe(403);
    expect(await update.json()).toEqual({ status: 403, message: 'Missing permission api:treatments:update' });
    const create = await put(c.reader, 'tt-2', doc);
    expect(await create.json()).toEqual({ status: 403, message: 'Missing permission api:treatments:create' });
  });

  it('failing-404-unknown-collection', async () => {
    expect((await c.call(c.admin, '/activity/x', { method: 'PUT', json: doc })).status).toBe(404);
  });

  it('failing-412-if-unmodified-since-earlier', async () => {
    const res = await put(c.admin, 'tt-1', doc, { 'if-unmodified-since': new Date(Date.now() - 60_000).toUTCString() });
    expect(res.status).toBe(412);
    expect(await res.json()).toEqual({ status: 412 });
    expect((await put(c.admin, 'tt-1', doc, { 'if-unmodified-since': new Date(Date.now() + 60_000).toUTCString() })).status).toBe(200);
  });

  it('failing-410-deleted-before-permission', async () => {
    expect(await admin.rest.v3.update('treatments', 'tt-3', doc)).toMatchObject({ status: 201 });
    expect(await admin.rest.v3.remove('treatments', 'tt-3')).toEqual({ status: 200 });
    const res = await put(c.careportal, 'tt-3', doc);
    expect(res.status).toBe(410);
    expect(await res.json()).toEqual({ status: 410 });
  });

  it('failing-422-read-only', async () => {
    expect(await admin.rest.v3.update('treatments', 'tt-4', { ...doc, readonly: true })).toMatchObject({ status: 201 });
    const res = await put(c.admin, 'tt-4', doc);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ status: 422, message: 'Trying to modify read-only document' });
  });
});
