import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

describe('API v3 CREATE deduplicates exactly once under concurrency (issue fix of spec §14)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  beforeAll(async () => {
    c = await startV3();
    ({ admin } = await v3Clients(c));
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('stores one document for 50 concurrent identical CREATEs: one 201, the rest 200 with isDeduplication', async () => {
    const body = { date: 1700000000000, app: 'AAPS', device: 'openaps://Pixel 7', eventType: 'Meal Bolus', carbs: 30 };
    // The status each answer carries in its body is the HTTP status (api-v3.md §8.2).
    const answers = await Promise.all(Array.from({ length: 50 }, () => admin.rest.v3.create('treatments', body)));
    const created = answers.filter((a) => a.status === 201);
    const deduplicated = answers.filter((a) => a.status === 200);
    expect(created).toHaveLength(1);
    expect(deduplicated).toHaveLength(49);
    for (const a of deduplicated) expect(a).toMatchObject({ isDeduplication: true, identifier: created[0].identifier });
    const db = c.server.app.get<Connection>(getConnectionToken());
    expect(await db.collection('treatments').countDocuments({})).toBe(1);
  });

  it('inserts once for 20 concurrent PUTs of a new identifier: one 201, the rest replace it with 200', async () => {
    const body = { date: 1700000100000, app: 'AAPS', eventType: 'Note', notes: 'put' };
    const statuses = await Promise.all(Array.from({ length: 20 }, async () => (await admin.rest.v3.update('treatments', 'put-race', body)).status));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(19);
    const db = c.server.app.get<Connection>(getConnectionToken());
    expect(await db.collection('treatments').countDocuments({ identifier: 'put-race' })).toBe(1);
  });

  it('stores one treatment when a v3 CREATE and a v1 POST of it race, in each of 10 rounds (their dedup rules differ)', async () => {
    // v3 finds duplicates by identifier, then by date and eventType; v1 by created_at and eventType.
    // Each claims every key of its document before inserting, so neither misses the other.
    const db = c.server.app.get<Connection>(getConnectionToken());
    for (let round = 0; round < 10; round++) {
      const date = 1700001000000 + round * 60_000;
      const created_at = new Date(date).toISOString();
      // When v1 stores first, v3 finds it and answers as for an update, which may refuse (its `date` is immutable).
      await Promise.allSettled([
        admin.rest.v3.create('treatments', { date, app: 'AAPS', eventType: 'Correction Bolus', insulin: 1 }),
        admin.rest.v1.create('treatments', { created_at, eventType: 'Correction Bolus', insulin: 1 }),
      ]);
      expect(await db.collection('treatments').countDocuments({ created_at, eventType: 'Correction Bolus' })).toBe(1);
    }
  });
});
