import { getConnectionToken } from '@nestjs/mongoose';
import type { LegacyChannel } from '@nightscout/client';
import type { CommandStartedEvent } from 'mongodb';
import type { Connection } from 'mongoose';
import { randomUUID } from 'node:crypto';
import { ReadModelService } from '../src/read-model/read-model.service';
import { StoreRegistry } from '../src/storage/store-registry';
import { TIME_INDEX_COLLECTION } from '../src/storage/time-index';
import { closeLibraryClients, legacyReceiver } from './support/library-clients';
import { startTestServer, TEST_SECRET_SHA1, type TestServer } from './support/test-server';

const DAY = 24 * 3600_000;
const at = (base: number, ms: number) => new Date(base + ms).toISOString();

/**
 * Legacy `dbAdd` merges a treatment into one stored within ±2 s with the same amounts
 * (docs/protocol/legacy-socket.md §4.8.2). That look-up is answered from the read model when it
 * holds the time (the last five days), else through the time index, and only without either from
 * the database, where on FerretDB it is a scan of the collection (docs/performance.md, "Legacy dbAdd").
 */
describe.each([
  ['from the read model', { READ_MODEL: 'true' }, 0, 'memory'],
  ['through the time index, older than the read model holds', { READ_MODEL: 'true' }, 30 * DAY, 'time index'],
  ['from the database with the read model off', { READ_MODEL: 'false' }, 0, 'database'],
] as const)('legacy dbAdd near matches %s', (_title, env, age, source) => {
  let server: TestServer;
  let writer: LegacyChannel;
  /** Queries on treatments that name `created_at` (each a collection scan on FerretDB), and reads of treatments' time-index buckets. */
  const timeQueries: unknown[] = [];
  const bucketReads: unknown[] = [];
  const expectSource = () => {
    expect(timeQueries.length > 0).toBe(source === 'database');
    expect(bucketReads.length > 0).toBe(source === 'time index');
  };
  const count = (filter: Record<string, unknown>) => server.app.get<Connection>(getConnectionToken()).collection('treatments').countDocuments(filter);

  beforeAll(async () => {
    const database = `t_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    // Monitored, to see the queries the server sends.
    server = await startTestServer({ ...env, RATE_LIMIT_SOCKET_WRITES_PER_10S: '0', MONGODB_URI: `${process.env.TEST_MONGODB_BASE}/${database}?monitorCommands=true` }, database);
    server.app
      .get<Connection>(getConnectionToken())
      .getClient()
      .on('commandStarted', (event: CommandStartedEvent) => {
        const { command } = event;
        if (command.find === 'treatments' && JSON.stringify(command.filter ?? {}).includes('created_at')) timeQueries.push(command.filter);
        // Treatments' hourly buckets only: the start-up passes of other collections also read their markers.
        if (command.find === TIME_INDEX_COLLECTION && JSON.stringify(command.filter ?? {}).includes('"treatments|')) bucketReads.push(command.filter);
      });
    await server.app.get(StoreRegistry).indexed('treatments');
    await server.app.get(ReadModelService).loaded('treatments');
    writer = await legacyReceiver(server);
  });
  afterAll(async () => {
    closeLibraryClients();
    await server?.close();
  });

  it('merges within ±2 s on the amounts, or on eventType without amounts, and stores the rest', async () => {
    const base = Date.now() - age - 3_600_000;
    timeQueries.length = bucketReads.length = 0;
    const bolus = { eventType: 'Correction Bolus', insulin: 2.5, created_at: at(base, 0) };
    const [first] = await writer.dbAdd('treatments', bolus);
    const [merged] = await writer.dbAdd('treatments', { ...bolus, created_at: at(base, 1_000), notes: 'thrown away' });
    expect(merged).toMatchObject({ _id: first._id, created_at: at(base, 1_000) });
    expect(merged).not.toHaveProperty('notes');
    // Another amount, or more than 2 s from the stored one (now at +1 s): new treatments.
    const [other] = await writer.dbAdd('treatments', { ...bolus, insulin: 3, created_at: at(base, 1_500) });
    const [later] = await writer.dbAdd('treatments', { ...bolus, created_at: at(base, 3_100) });
    expect(new Set([first._id, other._id, later._id]).size).toBe(3);
    // Without amounts the eventType decides; ±2 s is inclusive.
    const note = { eventType: 'Note', notes: 'a', created_at: at(base, 60_000) };
    const [n1] = await writer.dbAdd('treatments', note);
    const [n2] = await writer.dbAdd('treatments', { ...note, created_at: at(base, 62_000) });
    const [n3] = await writer.dbAdd('treatments', { ...note, eventType: 'Announcement', created_at: at(base, 61_000) });
    expect(n2._id).toBe(n1._id);
    expect(n3._id).not.toBe(n1._id);
    expect(await count({ created_at: { $gte: at(base, 0), $lte: at(base, 70_000) } })).toBe(5);
    expectSource();
  });

  it('near-matches what other entry points stored, and not what was removed', async () => {
    const base = Date.now() - age - 2 * 3_600_000;
    timeQueries.length = bucketReads.length = 0;
    const carbs = { eventType: 'Carb Correction', carbs: 15, created_at: at(base, 0) };
    const created = await server.fetch('/api/v1/treatments', { method: 'POST', headers: { 'api-secret': TEST_SECRET_SHA1 }, json: carbs });
    const [stored] = (await created.json()) as { _id: string }[];
    const [merged] = await writer.dbAdd('treatments', { ...carbs, created_at: at(base, -1_500) });
    expect(merged._id).toBe(stored._id);
    await writer.dbRemove('treatments', stored._id);
    const [fresh] = await writer.dbAdd('treatments', { ...carbs, created_at: at(base, 500) });
    expect(fresh._id).not.toBe(stored._id);
    expectSource();
  });

  it('stores one treatment for concurrent identical dbAdds', async () => {
    const doc = { eventType: 'Meal Bolus', carbs: 40, insulin: 4, created_at: at(Date.now() - age - 3 * 3_600_000, 0) };
    const acks = await Promise.all(Array.from({ length: 20 }, () => writer.dbAdd('treatments', doc)));
    expect(new Set(acks.map(([t]) => t._id)).size).toBe(1);
    expect(await count({ created_at: doc.created_at, eventType: 'Meal Bolus' })).toBe(1);
  });
});
