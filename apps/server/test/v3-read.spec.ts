import { getConnectionToken } from '@nestjs/mongoose';
import { ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startTestServer } from './support/test-server';
import { jwtFor, startV3, type V3Client } from './support/v3-client';

describe('API v3 READ (spec §8.3)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let reader: NightscoutClient;
  let db: Connection;
  let identifier: string;
  let lastModified: number;

  beforeAll(async () => {
    c = await startV3();
    ({ admin, reader } = await v3Clients(c));
    db = c.server.app.get<Connection>(getConnectionToken());
    ({ identifier, lastModified } = await admin.rest.v3.create('treatments', { date: 1700000000000, app: 'AAPS', device: 'd', eventType: 'Note', notes: 'a, "quoted" note' }));
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-200-with-last-modified-and-no-_id', async () => {
    // The Last-Modified header and the status in the body: a raw request.
    const res = await c.call(c.reader, `/treatments/${identifier}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('last-modified')).toBe(new Date(lastModified).toUTCString());
    const { status, result } = await res.json();
    expect(status).toBe(200);
    expect(result).toMatchObject({ identifier, eventType: 'Note', srvModified: lastModified, srvCreated: lastModified });
    expect(result._id).toBeUndefined();
  });

  it('successful-fields-projection', async () => {
    expect(await reader.rest.v3.read('treatments', identifier, { fields: 'eventType,date' })).toEqual({ date: 1700000000000, eventType: 'Note' });
  });

  it('successful-304-when-not-modified-since', async () => {
    const res = await c.call(c.reader, `/treatments/${identifier}`, { headers: { 'if-modified-since': new Date(lastModified).toUTCString() } });
    expect(res.status).toBe(304);
    expect(await res.text()).toBe('');
    const older = await c.call(c.reader, `/treatments/${identifier}`, { headers: { 'if-modified-since': new Date(lastModified - 5000).toUTCString() } });
    expect(older.status).toBe(200);
  });

  it('successful-csv-and-xml-by-accept-and-extension', async () => {
    const csv = await c.call(c.reader, `/treatments/${identifier}`, { headers: { accept: 'text/csv' } });
    expect(csv.headers.get('content-type')).toMatch(/^text\/csv/);
    const [header, row] = (await csv.text()).split('\n');
    expect(header.split(',')).toContain('eventType');
    expect(row).toContain('"a, ""quoted"" note"');
    const xml = await c.call(c.reader, `/treatments/${identifier}.xml`);
    expect(xml.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(await xml.text()).toMatch(/^<\?xml[^>]*\?>\n<item>.*<eventType>Note<\/eventType>.*<\/item>$/s);
  });

  it('successful-legacy-document-by-_id-with-virtual-dates', async () => {
    const _id = new ObjectId();
    await db.collection('treatments').insertOne({ _id, created_at: '2023-11-14T22:13:20.000Z', eventType: 'Note' });
    expect(await reader.rest.v3.read('treatments', _id.toHexString())).toEqual({ created_at: '2023-11-14T22:13:20.000Z', eventType: 'Note', identifier: _id.toHexString(), srvModified: 1700000000000, srvCreated: 1700000000000 });
  });

  it('failing-401-and-bare-404', async () => {
    expect((await c.call(undefined, `/treatments/${identifier}`)).status).toBe(401);
    const missing = await c.call(c.reader, '/treatments/no-such-document');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ status: 404 });
    expect((await c.call(c.reader, '/activity/x')).status).toBe(404);
  });

  it('failing-403-without-read-permission', async () => {
    const strict = await startTestServer({ AUTH_DEFAULT_ROLES: 'denied' });
    try {
      const jwt = await jwtFor(strict, 'uploader', ['devicestatus-upload']);
      const res = await strict.fetch('/api/v3/treatments/x', { headers: { authorization: `Bearer ${jwt}` } });
      expect(res.status).toBe(403);
      expect(await res.json()).toEqual({ status: 403, message: 'Missing permission api:treatments:read' });
    } finally {
      await strict.close();
    }
  });

  it('failing-406-unsupported-accept', async () => {
    const res = await c.call(c.reader, `/treatments/${identifier}`, { headers: { accept: 'text/html' } });
    expect(res.status).toBe(406);
    expect(await res.json()).toEqual({ status: 406, message: 'Unsupported output format requested' });
  });

  it('failing-410-after-soft-delete-even-with-fields', async () => {
    const { identifier: gone } = await admin.rest.v3.create('treatments', { date: 1700000100000, app: 'x', eventType: 'Note' });
    expect(await admin.rest.v3.remove('treatments', gone)).toEqual({ status: 200 });
    for (const query of ['', '?fields=date']) {
      const res = await c.call(c.reader, `/treatments/${gone}${query}`);
      expect(res.status).toBe(410);
      expect(await res.json()).toEqual({ status: 410 });
    }
  });
});
