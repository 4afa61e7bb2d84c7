import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 CREATE deduplicates exactly once under concurrency (issue fix of spec §14)', () => {
  let c: V3Client;
  beforeAll(async () => {
    c = await startV3();
  });
  afterAll(() => c.server.close());

  it('stores one document for 50 concurrent identical CREATEs: one 201, the rest 200 with isDeduplication', async () => {
    const body = { date: 1700000000000, app: 'AAPS', device: 'openaps://Pixel 7', eventType: 'Meal Bolus', carbs: 30 };
    const responses = await Promise.all(
      Array.from({ length: 50 }, () => c.call(c.admin, '/treatments', { method: 'POST', json: body }).then(async (r) => ({ status: r.status, body: await r.json() }))),
    );
    const created = responses.filter((r) => r.status === 201);
    const deduplicated = responses.filter((r) => r.status === 200);
    expect(created).toHaveLength(1);
    expect(deduplicated).toHaveLength(49);
    for (const r of deduplicated) expect(r.body).toMatchObject({ isDeduplication: true, identifier: created[0].body.identifier });
    const db = c.server.app.get<Connection>(getConnectionToken());
    expect(await db.collection('treatments').countDocuments({})).toBe(1);
  });

  it('inserts once for 20 concurrent PUTs of a new identifier: one 201, the rest replace it with 200', async () => {
    const body = { date: 1700000100000, app: 'AAPS', eventType: 'Note', notes: 'put' };
    const statuses = await Promise.all(Array.from({ length: 20 }, () => c.call(c.admin, '/treatments/put-race', { method: 'PUT', json: body }).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const db = c.server.app.get<Connection>(getConnectionToken());
    expect(await db.collection('treatments').countDocuments({ identifier: 'put-race' })).toBe(1);
  });
});
