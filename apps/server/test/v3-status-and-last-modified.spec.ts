import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 STATUS and LAST MODIFIED (spec §8.9, §8.10)', () => {
  let c: V3Client;
  beforeAll(async () => {
    c = await startV3();
  });
  afterAll(() => c.server.close());

  it('successful-status-reports-collection-specific-permissions (reference bug fixed)', async () => {
    const res = await c.call(c.careportal, '/status');
    expect(res.status).toBe(200);
    const { result } = await res.json();
    expect(result).toMatchObject({ version: '15.0.7', apiVersion: '3.0.3-alpha', storage: { storage: 'mongodb' } });
    expect(result.apiPermissions).toEqual({ devicestatus: 'r', entries: 'r', food: 'r', profile: 'r', settings: 'r', treatments: 'cr' });
    expect((await (await c.call(c.admin, '/status')).json()).result.apiPermissions.settings).toBe('crud');
  });

  it('successful-last-modified-takes-srvModified-and-legacy-dates', async () => {
    const empty = await (await c.call(c.reader, '/lastModified')).json();
    expect(empty).toEqual({ status: 200, result: { srvDate: expect.any(Number), collections: {} } });
    const { lastModified } = await (await c.call(c.admin, '/treatments', { method: 'POST', json: { date: 1700000000000, app: 'x', eventType: 'Note' } })).json();
    const future = Date.now() + 3_600_000;
    const db = c.server.app.get<Connection>(getConnectionToken());
    await db.collection('entries').insertOne({ type: 'sgv', sgv: 100, date: future });
    const { result } = await (await c.call(c.reader, '/lastModified')).json();
    expect(result.collections).toEqual({ treatments: lastModified, entries: future });
  });

  it('failing-401', async () => {
    expect(await (await c.call(undefined, '/status')).json()).toEqual({ status: 401, message: 'Missing or bad access token or JWT' });
    expect((await c.call(undefined, '/lastModified')).status).toBe(401);
  });
});
