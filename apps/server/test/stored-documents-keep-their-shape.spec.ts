import { getConnectionToken } from '@nestjs/mongoose';
import { COLLECTIONS } from '@nightscout/protocol';
import type { Connection } from 'mongoose';
import { collectionSchema } from '../src/storage/collection-schemas';
import { StoreRegistry } from '../src/storage/store-registry';
import { clientOf, closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

type Doc = Record<string, unknown>;

/**
 * The stores go through Mongoose models (apps/server/src/storage/collection-schemas.ts), whose
 * schemas must neither cast nor reshape what clients store: values of any type, empty objects,
 * nulls and any field name come back as sent, on every write kind (insert, dedup upsert, replace, patch).
 */
describe('stored documents keep the shape clients gave them', () => {
  let c: V3Client;
  let server: V3Client['server'];
  beforeAll(async () => {
    c = await startV3();
    server = c.server;
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });
  const raw = (collection: string) => server.app.get<Connection>(getConnectionToken()).collection(collection);

  /**
   * Values a schema with types would cast or drop, and field names that Mongoose's documents use
   * themselves (building a document from these overflows the stack or throws).
   */
  const odd = { amount: '1.5', count: '20', nothing: null, empty: {}, list: [], nested: { empty: {}, n: '7', when: '2026-01-01' }, flag: 'true', _doc: 'd', toObject: 't' };
  const expectOdd = (stored: Doc | null) => {
    expect(stored).not.toBeNull();
    for (const [key, value] of Object.entries(odd)) expect(stored![key]).toEqual(value);
    expect(typeof stored!.amount).toBe('string');
  };

  it('the database holds the indexes the schemas declare: on FerretDB only the unique identifier', async () => {
    const registry = server.app.get(StoreRegistry);
    const ferretDb = 'ferretdbVersion' in (await server.app.get<Connection>(getConnectionToken()).db!.admin().command({ buildInfo: 1 }));
    for (const collection of COLLECTIONS) {
      await registry.indexed(collection);
      const names = (await raw(server.config.collections[collection]).indexes()).map((i) => JSON.stringify(i.key));
      for (const [fields, options] of collectionSchema(collection, collection).indexes()) {
        if (options.unique || !ferretDb) expect(names).toContain(JSON.stringify(fields));
        else expect(names).not.toContain(JSON.stringify(fields));
      }
    }
  });

  it('a v1 insert keeps strings that look like numbers, nulls and empty objects', async () => {
    const created_at = new Date(Date.now() - 60_000).toISOString();
    await clientOf(server).rest.v1.create('treatments', { eventType: 'Note', created_at, ...odd });
    expectOdd(await raw('treatments').findOne({ created_at }));
  });

  it('an entry without a type (stored by the database upsert) keeps them too', async () => {
    const date = Date.now() - 120_000;
    await clientOf(server).rest.v1.create('entries', { sgv: 101, date, ...odd } as never);
    expectOdd(await raw('entries').findOne({ date }));
  });

  it('a v3 replace keeps them, and so does a patch', async () => {
    const { admin: client } = await v3Clients(c);
    const date = Date.now() - 180_000;
    const { identifier } = (await client.rest.v3.create('treatments', { eventType: 'Note', date, app: 'test' })) as { identifier: string };
    await client.rest.v3.update('treatments', identifier, { eventType: 'Note', date, app: 'test', ...odd });
    expectOdd(await raw('treatments').findOne({ identifier }));
    const patch = await c.call(c.admin, `/treatments/${identifier}`, { method: 'PATCH', json: { notes: 'x', _doc: 'd', toObject: 't' } });
    expect(patch.status).toBe(200);
    const patched = await raw('treatments').findOne({ identifier });
    expectOdd(patched);
    expect(patched!.notes).toBe('x');
  });

  it('a 24-hex string _id stays a string, in the document and in queries', async () => {
    const store = server.app.get(StoreRegistry).get('settings');
    const _id = '0123456789abcdef01234567';
    await store.insertMany([{ _id, key: 'value' }]);
    // A schema with an ObjectId `_id` would cast the query's string and miss the document.
    expect(await store.findOne({ _id })).toEqual({ _id, key: 'value' });
    expect(typeof (await raw(server.config.collections.settings).findOne({ key: 'value' }))!._id).toBe('string');
  });
});
