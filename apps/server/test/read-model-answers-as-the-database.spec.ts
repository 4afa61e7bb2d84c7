import fc from 'fast-check';
import { getConnectionToken } from '@nestjs/mongoose';
import type { CollectionName } from '@nightscout/protocol';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ReadModelService } from '../src/read-model/read-model.service';
import { DEDUP_KEYS_COLLECTION } from '../src/storage/dedup-index';
import { StoreRegistry } from '../src/storage/store-registry';
import { TIME_INDEX_COLLECTION } from '../src/storage/time-index';
import type { DocumentFilter, FindOptions, StoredDocument } from '../src/storage/stored-document';
import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand } from '../src/writes';
import { startTestServer, type TestServer } from './support/test-server';

const DAY = 24 * 3600_000;
const NOW = Date.now();
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
/** Times around the read model's floor (five days back), in the future, and long ago. */
const OFFSETS_DAYS = [-400, -30, -6, -5.01, -4.99, -4, -2, -1, -0.5, -0.01, 0.01, 1];

const ENV = { RATE_LIMIT_WRITE_PER_MIN: '0', RATE_LIMIT_READ_PER_MIN: '0' };

/**
 * The read model must answer exactly as the database, or decline (docs/performance.md, "Read
 * model"): kept by the events of this server's writes, loaded from the time index at the next
 * start, and loaded by the one-time pass on a database indexed for the first time.
 */
describe.each([
  ['kept by the events of its writes', 'live'],
  ['loaded from the time index after a restart', 'restarted'],
  ['loaded by the one-time pass on a database without indexes', 'unindexed'],
] as const)('the read model answers polled queries as the database does: %s', (_title, start) => {
  let server: TestServer;
  let readModel: ReadModelService;
  let stores: StoreRegistry;

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    server = await startTestServer(ENV, database);
    stores = server.app.get(StoreRegistry);
    const entries = OFFSETS_DAYS.flatMap((days, i) =>
      [0, 1, 2].map((k) => ({ type: k === 2 ? 'mbg' : 'sgv', sgv: 80 + ((i * 37 + k * 11) % 200), date: Math.round(NOW + days * DAY) + k * 1000, device: `d${k}` })),
    );
    entries.push({ type: 'sgv', sgv: 120, date: String(NOW) as unknown as number, device: 'text-date' });
    const treatments = OFFSETS_DAYS.flatMap((days, i) =>
      ['Meal Bolus', 'Note', 'Temp Basal'].map((eventType, k) => ({
        eventType,
        created_at: new Date(NOW + days * DAY + k * 1000).toISOString(),
        ...(k === 0 ? { insulin: (i % 5) + 0.5 } : {}),
        ...(k === 2 ? { absolute: i % 3, duration: 30 } : {}),
      })),
    );
    for (const doc of entries) await server.commands.execute(new CreateDocumentsCommand('entries', [{ doc }], 'api-v1'));
    for (const doc of treatments) await server.commands.execute(new CreateDocumentsCommand('treatments', [{ doc }], 'api-v1'));
    // Changes after the load: an update, a soft and a permanent delete.
    const [old] = await stores.get('treatments').find({ created_at: { $lt: new Date(NOW - 20 * DAY).toISOString() } }, { limit: 1 });
    await server.commands.execute(new PatchDocumentCommand('treatments', { _id: old._id }, { notes: 'edited' }, 'api-v3'));
    await server.commands.execute(new DeleteDocumentsCommand('entries', { device: 'd1', date: { $gt: NOW - DAY } }, 'api-v3', { permanent: false }));
    await server.commands.execute(new DeleteDocumentsCommand('entries', { device: 'd2', date: { $gt: NOW - 2 * DAY } }, 'api-v1'));
    if (start !== 'live') {
      await Promise.all((['entries', 'treatments'] as const).map((c) => stores.indexed(c)));
      if (start === 'unindexed') {
        const db = server.app.get<Connection>(getConnectionToken());
        await Promise.all([TIME_INDEX_COLLECTION, DEDUP_KEYS_COLLECTION].map((c) => db.dropCollection(c)));
      }
      await server.app.close();
      server = await startTestServer(ENV, database);
      stores = server.app.get(StoreRegistry);
    }
    readModel = server.app.get(ReadModelService);
    await Promise.all((['entries', 'treatments'] as const).map((c) => readModel.loaded(c)));
    expect(readModel.query('entries', { date: { $gt: NOW } })).toBeDefined();
  });
  afterAll(() => server?.close());

  const time = (collection: CollectionName) =>
    fc.constantFrom(...OFFSETS_DAYS).map((days) => (collection === 'entries' ? Math.round(NOW + days * DAY) : new Date(NOW + days * DAY).toISOString()));
  const condition = (collection: CollectionName): fc.Arbitrary<DocumentFilter> => {
    const timeField = collection === 'entries' ? 'date' : 'created_at';
    return fc.oneof(
      fc.record({ op: fc.constantFrom('$gt', '$gte', '$lt', '$lte'), value: time(collection) }).map(({ op, value }) => ({ [timeField]: { [op]: value } })),
      fc.record({ op: fc.constantFrom('$gt', '$gte'), days: fc.constantFrom(-10, -5.5, -4, -1, 0) }).map(({ op, days }) => ({ srvModified: { [op]: Math.round(Date.now() + days * DAY) } })),
      collection === 'entries'
        ? fc.oneof(fc.constantFrom({ type: 'sgv' }, { type: 'mbg' }, { device: { $in: ['d0', 'd2'] } }), fc.integer({ min: 60, max: 300 }).map((v) => ({ sgv: { $gte: v } })))
        : fc.oneof(fc.constantFrom({ eventType: 'Note' }, { eventType: { $ne: 'Note' } }, { insulin: { $exists: true } }, { notes: 'edited' }), fc.double({ min: 0, max: 5, noNaN: true }).map((v) => ({ insulin: { $lt: v } }))),
      fc.constant({ isValid: { $ne: false } }),
    );
  };
  const query = (collection: CollectionName) =>
    fc.record({
      filter: fc.array(condition(collection), { minLength: 0, maxLength: 3 }).map((parts): DocumentFilter => ({ $and: [...parts, {}] })),
      sortField: fc.constantFrom(collection === 'entries' ? 'date' : 'created_at', 'srvModified'),
      direction: fc.constantFrom(1 as const, -1 as const),
      limit: fc.option(fc.integer({ min: 1, max: 40 }), { nil: undefined }),
      skip: fc.option(fc.integer({ min: 0, max: 5 }), { nil: undefined }),
    });

  /** Sort keys position by position, and the same documents apart from ties cut by the skip or the limit (their order is the database's choice). */
  function expectSame(fromMemory: StoredDocument[], fromDatabase: StoredDocument[], sortField: string): void {
    const key = (d: StoredDocument) => JSON.stringify(d[sortField]);
    expect(fromMemory.map(key)).toEqual(fromDatabase.map(key));
    const edges = new Set(fromDatabase.length ? [key(fromDatabase[0]), key(fromDatabase[fromDatabase.length - 1])] : []);
    const ids = (docs: StoredDocument[]) => docs.filter((d) => !edges.has(key(d))).map((d) => String(d._id)).sort();
    expect(ids(fromMemory)).toEqual(ids(fromDatabase));
    const byId = new Map(fromDatabase.map((d) => [String(d._id), d]));
    for (const doc of fromMemory) if (byId.has(String(doc._id))) expect(doc).toEqual(byId.get(String(doc._id)));
  }

  it.each(['entries', 'treatments'] as const)('%s: random filters, sorts and limits give the database result, or none', async (collection) => {
    let answered = 0;
    await fc.assert(
      fc.asyncProperty(query(collection), async ({ filter, sortField, direction, limit, skip }) => {
        const options: FindOptions = { sort: { [sortField]: direction }, ...(limit ? { limit } : {}), ...(skip ? { skip } : {}) };
        const fromMemory = readModel.query(collection, filter, options);
        if (!fromMemory) return;
        answered++;
        expectSame(fromMemory, await stores.get(collection).find(filter, options), sortField);
      }),
      { numRuns: RUNS },
    );
    // Most polled shapes are answerable: a property that never compares would prove nothing.
    expect(answered).toBeGreaterThan(RUNS / 5);
  });

  it('answers the polled shapes: newest entry, newest 288, treatments since a recent time, v3 history, lastModified', () => {
    const visible = { isValid: { $ne: false } };
    expect(readModel.query('entries', { $and: [{ date: { $gte: NOW - 4 * DAY } }, visible] }, { sort: { date: -1 }, limit: 1 })).toBeDefined();
    expect(readModel.query('entries', { $and: [{ date: { $gte: NOW - 4 * DAY } }, visible] }, { sort: { date: -1 }, limit: 5 })).toBeDefined();
    expect(readModel.query('treatments', { $and: [{ created_at: { $gte: new Date(NOW - DAY).toISOString() } }, visible] }, { sort: { created_at: -1 }, limit: 1000 })).toBeDefined();
    expect(readModel.query('treatments', { srvModified: { $gt: Date.now() - 60_000 } }, { sort: { srvModified: 1 }, limit: 1000 })).toBeDefined();
    expect(readModel.query('entries', { srvModified: { $exists: true } }, { sort: { srvModified: -1 }, limit: 1 })).toBeDefined();
    // Older than the floor: the database answers.
    expect(readModel.query('entries', { date: { $gte: NOW - 30 * DAY } }, { sort: { date: 1 } })).toBeUndefined();
  });
});
