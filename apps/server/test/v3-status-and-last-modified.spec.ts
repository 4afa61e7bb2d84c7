import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 STATUS and LAST MODIFIED (spec §8.9, §8.10)', () => {
  let c: V3Client;
  let clients: Record<'admin' | 'careportal' | 'reader', NightscoutClient>;
  beforeAll(async () => {
    c = await startV3();
    clients = await v3Clients(c);
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-status-reports-collection-specific-permissions (reference bug fixed)', async () => {
    const result = await clients.careportal.rest.v3.status();
    expect(result).toMatchObject({ version: '15.0.7', apiVersion: '3.0.3-alpha', storage: { storage: 'mongodb' } });
    expect(result.apiPermissions).toEqual({ devicestatus: 'r', entries: 'r', food: 'r', profile: 'r', settings: 'r', treatments: 'cr' });
    expect((await clients.admin.rest.v3.status()).apiPermissions.settings).toBe('crud');
  });

  it('successful-last-modified-takes-srvModified-and-legacy-dates', async () => {
    const empty = await clients.reader.rest.get('/api/v3/lastModified');
    expect(empty).toEqual({ status: 200, result: { srvDate: expect.any(Number), collections: {} } });
    const { lastModified } = await clients.admin.rest.v3.create('treatments', { date: 1700000000000, app: 'x', eventType: 'Note' });
    const future = Date.now() + 3_600_000;
    const db = c.server.app.get<Connection>(getConnectionToken());
    await db.collection('entries').insertOne({ type: 'sgv', sgv: 100, date: future });
    expect((await clients.reader.rest.v3.lastModified()).collections).toEqual({ treatments: lastModified, entries: future });
  });

  it('failing-401', async () => {
    expect(await (await c.call(undefined, '/status')).json()).toEqual({ status: 401, message: 'Missing or bad access token or JWT' });
    expect((await c.call(undefined, '/lastModified')).status).toBe(401);
  });
});
