import { getConnectionToken } from '@nestjs/mongoose';
import { ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import { CreateDocumentsCommand } from '../src/writes';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

const bolus = { date: 1700000000000, app: 'AAPS', device: 'openaps://Pixel 7', eventType: 'Meal Bolus', insulin: 2.5, carbs: 30 };
const BOLUS_ID = 'b33626ee-b3f8-5453-a9b2-7ad0596196b5';

describe('API v3 CREATE (spec §8.2)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let careportal: NightscoutClient;
  let db: Connection;
  const post = (jwt: string | undefined, body: unknown, collection = 'treatments') => c.call(jwt, `/${collection}`, { method: 'POST', json: body });

  beforeAll(async () => {
    c = await startV3();
    ({ admin, careportal } = await v3Clients(c));
    db = c.server.app.get<Connection>(getConnectionToken());
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });
  beforeEach(() => {
    c.server.events.length = 0;
  });

  it('successful-insert-201-with-computed-identifier-headers-and-stored-fields', async () => {
    // The Location and Last-Modified headers: a raw request.
    const res = await post(c.admin, bolus);
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body).toEqual({ status: 201, identifier: BOLUS_ID, lastModified: expect.any(Number) });
    expect(res.headers.get('location')).toBe(`/api/v3/treatments/${BOLUS_ID}`);
    expect(res.headers.get('last-modified')).toBe(new Date(body.lastModified).toUTCString());
    const stored = await db.collection('treatments').findOne({ identifier: BOLUS_ID });
    expect(stored).toMatchObject({ ...bolus, utcOffset: 0, created_at: '2023-11-14T22:13:20.000Z', subject: 'admin-app', srvModified: body.lastModified, srvCreated: body.lastModified });
    expect(c.server.events).toHaveLength(1);
    expect(c.server.events[0]).toMatchObject({ collection: 'treatments', operation: 'create', entryPoint: 'api-v3' });
  });

  it('successful-dedup-200-when-posted-again', async () => {
    const res = await post(c.admin, { ...bolus, notes: 'again' });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: 200, lastModified: expect.any(Number), identifier: BOLUS_ID, isDeduplication: true });
    expect(res.headers.get('location')).toBe(`/api/v3/treatments/${BOLUS_ID}`);
    expect(await db.collection('treatments').countDocuments({ identifier: BOLUS_ID })).toBe(1);
    expect(await db.collection('treatments').findOne({ identifier: BOLUS_ID })).toMatchObject({ notes: 'again' });
    expect(c.server.events.map((e) => e.operation)).toEqual(['update']);
  });

  it('successful-iso-date-client-identifier-and-no-client-_id', async () => {
    const answer = await admin.rest.v3.create('entries', { _id: 'chosen-id', date: '2019-06-10T08:07:08,576+02:00', app: 'xDrip', identifier: 'Client-Chosen', type: 'sgv', sgv: 100 });
    expect(answer).toEqual({ status: 201, identifier: 'Client-Chosen', lastModified: expect.any(Number) });
    const stored = await db.collection('entries').findOne({ identifier: 'Client-Chosen' });
    expect(stored).toMatchObject({ date: 1560146828576, utcOffset: 120 });
    expect(stored!._id).toBeInstanceOf(ObjectId);
  });

  it('successful-dedup-of-a-legacy-document-by-fallback-fields', async () => {
    // Stored by the reference before this server first started on the database (its dedup index is made then).
    const _id = new ObjectId();
    const database = `${c.server.database}_legacy`;
    await db.getClient().db(database).collection('treatments').insertOne({ _id, created_at: '2023-11-15T10:00:00.000Z', eventType: 'Note', notes: 'legacy', utcOffset: 0, app: 'old', date: 1700042400000 });
    const migrated = await startV3({}, database);
    try {
      const { admin: migratedAdmin } = await v3Clients(migrated);
      const body = await migratedAdmin.rest.v3.create('treatments', { created_at: '2023-11-15T10:00:00.000Z', eventType: 'Note', app: 'old', notes: 'v3' });
      expect(body).toMatchObject({ status: 200, isDeduplication: true, deduplicatedIdentifier: _id.toHexString() });
      expect(await db.getClient().db(database).collection('treatments').findOne({ _id })).toMatchObject({ identifier: body.identifier, notes: 'v3' });
    } finally {
      await migrated.server.close();
    }
  });

  it('successful-dedup-of-a-v1-document-by-fallback-fields', async () => {
    const [v1] = await c.server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 99, date: 1700000600000, utcOffset: 0, app: 'xDrip' } }], 'api-v1'));
    expect(await admin.rest.v3.create('entries', { type: 'sgv', sgv: 99, date: 1700000600000, app: 'xDrip', utcOffset: 0 })).toMatchObject({
      status: 200,
      isDeduplication: true,
      deduplicatedIdentifier: v1.doc.identifier,
    });
  });

  it('successful-revive-of-a-soft-deleted-document', async () => {
    const doc = { date: 1700001000000, app: 'AAPS', device: 'd', eventType: 'Note', notes: 'x' };
    const { identifier } = await admin.rest.v3.create('treatments', doc);
    expect(await admin.rest.v3.remove('treatments', identifier)).toEqual({ status: 200 });
    expect((await c.call(c.admin, `/treatments/${identifier}`)).status).toBe(410);
    expect(await admin.rest.v3.create('treatments', doc)).toMatchObject({ status: 200, identifier });
    expect(await admin.rest.v3.read('treatments', identifier)).toMatchObject({ identifier, notes: 'x' });
    expect((await db.collection('treatments').findOne({ identifier }))!.isValid).toBeUndefined();
  });

  it.each([
    ['no body', undefined],
    ['an empty object', {}],
    ['an array', [bolus]],
  ])('failing-400-bad-or-missing-request-body for %s', async (_, body) => {
    const res = await c.call(c.admin, '/treatments', { method: 'POST', ...(body === undefined ? {} : { json: body }) });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message: 'Bad or missing request body' });
  });

  it('failing-400-for-a-form-encoded-body', async () => {
    const res = await c.call(c.admin, '/treatments', { method: 'POST', body: 'date=1700000000000&app=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message: 'Bad or missing request body' });
  });

  it('failing-400-malformed-json-not-500', async () => {
    const res = await c.call(c.admin, '/treatments', { method: 'POST', body: '{"date":', headers: { 'content-type': 'application/json' } });
    expect(res.status).toBe(400);
    expect(await res.json()).toMatchObject({ status: 400, message: expect.any(String) });
  });

  it.each([
    [{ ...bolus, date: 'soon', created_at: undefined }, 'Bad or missing date field'],
    [{ ...bolus, date: 1 }, 'Bad or missing date field'],
    [{ ...bolus, date: 1700002100000, utcOffset: "60" }, 'Bad or missing utcOffset field'],
    [{ ...bolus, date: 1700002200000, utcOffset: 2000 }, 'Bad or missing utcOffset field'],
    [{ ...bolus, date: 1700002000000, app: ' ' }, 'Bad or missing app field'],
    [{ ...bolus, identifier: 42 }, 'Bad or missing identifier field'],
    [{ ...bolus, identifier: '   ' }, 'Bad or missing identifier field'],
  ])('failing-400 %#: %p → %s', async (body, message) => {
    const res = await post(c.admin, body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message });
  });

  it('failing-400-immutable-field-on-dedup', async () => {
    const res = await post(c.admin, { ...bolus, utcOffset: 60 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message: 'Field utcOffset cannot be modified by the client' });
  });

  it('failing-401-without-token', async () => {
    expect((await post(undefined, bolus)).status).toBe(401);
  });

  it('failing-403-create-and-403-update-for-a-create-only-uploader', async () => {
    const fresh = { ...bolus, date: 1700003000000 };
    const denied = await post(c.careportal, fresh, 'entries');
    expect(denied.status).toBe(403);
    expect(await denied.json()).toEqual({ status: 403, message: 'Missing permission api:entries:create' });
    expect(await careportal.rest.v3.create('treatments', fresh)).toMatchObject({ status: 201 });
    const again = await post(c.careportal, fresh);
    expect(again.status).toBe(403);
    expect(await again.json()).toEqual({ status: 403, message: 'Missing permission api:treatments:update' });
  });

  it('failing-404-unknown-collection', async () => {
    expect((await post(c.admin, bolus, 'activity')).status).toBe(404);
  });

  it('failing-422-dedup-onto-a-read-only-document', async () => {
    const doc = { date: 1700004000000, app: 'AAPS', device: 'd', eventType: 'Note', isReadOnly: true };
    expect((await post(c.admin, doc)).status).toBe(201);
    const res = await post(c.admin, doc);
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual({ status: 422, message: 'Trying to modify read-only document' });
  });
});
