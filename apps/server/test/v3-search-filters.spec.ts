import type { NightscoutClient } from '@nightscout/client';
import type { V3CollectionName } from '@nightscout/protocol';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

const T = 1700000000000;
const MIN = 60_000;

describe('API v3 SEARCH with the filters real clients send (spec §8.1, §9)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let reader: NightscoutClient;
  /** A search the way a client builds it: the collection and its query string's parameters. */
  const search = (client: NightscoutClient, path: string) => {
    const [collection, query = ''] = path.slice(1).split('?');
    return client.rest.v3.search(collection as V3CollectionName, Object.fromEntries(new URLSearchParams(query)));
  };

  beforeAll(async () => {
    c = await startV3();
    ({ admin, reader } = await v3Clients(c));
    const post = (collection: V3CollectionName, body: object) => admin.rest.v3.create(collection, { app: 'test', ...body });
    for (let i = 0; i < 6; i++) await post('entries', { type: 'sgv', sgv: 100 + i * 10, date: T + i * 5 * MIN, device: 'xDrip' });
    await post('entries', { type: 'mbg', mbg: 111, date: T + 2 * MIN, device: 'meter' });
    for (let i = 0; i < 3; i++) await post('treatments', { eventType: 'Note', notes: `note ${i}`, date: T + i * 10 * MIN });
    await post('profile', { defaultProfile: 'old', date: T - 86_400_000 });
    await post('profile', { defaultProfile: 'new', date: T });
    for (const name of ['apple', 'bread', 'cheese']) await post('food', { name, date: T, identifier: `food-${name}` });
    await post('settings', { identifier: 'aaps', date: T, secretish: true });
    const { identifier } = await post('entries', { type: 'sgv', sgv: 400, date: T + 99 * MIN });
    await admin.rest.v3.remove('entries', identifier);
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-newest-sgvs: sort$desc=date&type=sgv', async () => {
    const result = await search(reader, '/entries?sort$desc=date&type=sgv&limit=3');
    expect(result.map((e) => e.sgv)).toEqual([150, 140, 130]);
  });

  it('successful-sgvs-newer-than: sort=date&date$gt=<ms>&limit=<n>', async () => {
    const result = await search(reader, `/entries?sort=date&date$gt=${T + 10 * MIN}&limit=2`);
    expect(result.map((e) => e.sgv)).toEqual([130, 140]);
  });

  it('successful-treatments-newer-than with ISO and with ms', async () => {
    const iso = new Date(T + 5 * MIN).toISOString();
    expect((await search(reader, `/treatments?sort=created_at&created_at$gt=${iso}&limit=10`)).map((t) => t.notes)).toEqual(['note 1', 'note 2']);
    expect((await search(reader, `/treatments?sort=created_at&created_at$gt=${T + 5 * MIN}`)).map((t) => t.notes)).toEqual(['note 1', 'note 2']);
  });

  it('successful-latest-profile: sort$desc=date&limit=1', async () => {
    expect((await search(reader, '/profile?sort$desc=date&limit=1')).map((p) => p.defaultProfile)).toEqual(['new']);
  });

  it('successful-food-list sorted by identifier by default', async () => {
    expect((await search(reader, '/food?limit=10')).map((f) => f.name)).toEqual(['apple', 'bread', 'cheese']);
  });

  it('successful-date-range: two operators on one field combine (reference bug fixed)', async () => {
    const result = await search(reader, `/entries?type=sgv&date$gte=${T + 5 * MIN}&date$lte=${T + 15 * MIN}&sort=date`);
    expect(result.map((e) => e.sgv)).toEqual([110, 120, 130]);
  });

  it('successful-$in compares numbers as numbers (reference bug fixed), $nin and $ne', async () => {
    expect((await search(reader, '/entries?sgv$in=100|120&sort=sgv')).map((e) => e.sgv)).toEqual([100, 120]);
    expect((await search(reader, '/entries?type$nin=sgv')).map((e) => e.type)).toEqual(['mbg']);
    expect(await search(reader, '/entries?type$ne=sgv')).toHaveLength(1);
  });

  it('successful-$re, $gte/$lt on numbers, quoted strings, skip and fields', async () => {
    expect((await search(reader, '/treatments?notes$re=note%20[12]&sort=notes')).map((t) => t.notes)).toEqual(['note 1', 'note 2']);
    expect(await search(reader, '/entries?sgv$gte=120&sgv$lt=140')).toHaveLength(2);
    expect(await search(reader, "/entries?sgv='100'")).toHaveLength(0);
    expect((await search(reader, '/entries?type=sgv&sort=date&skip=4&fields=sgv,date')).map((e) => e)).toEqual([
      { sgv: 140, date: T + 20 * MIN },
      { sgv: 150, date: T + 25 * MIN },
    ]);
  });

  it('successful-ignores reserved parameters token and now and never lists deleted documents', async () => {
    const result = await search(reader, `/entries?token=whatever&now=${Date.now()}`);
    expect(result).toHaveLength(7);
    expect(result.some((e) => e.sgv === 400)).toBe(false);
  });

  it('successful-csv-via-extension', async () => {
    const res = await c.call(c.reader, '/entries.csv?type=mbg');
    expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
    expect((await res.text()).split('\n')).toHaveLength(2);
  });

  it.each([
    ['/entries?limit=0', 'Parameter limit out of tolerance'],
    ['/entries?limit=1001', 'Parameter limit out of tolerance'],
    ['/entries?limit=abc', 'Parameter limit out of tolerance'],
    ['/entries?skip=-1', 'Parameter skip out of tolerance'],
    ['/entries?sort=date&sort$desc=date', 'Parameters sort and sort_desc cannot be combined'],
    ['/entries?sgv$exists=true', 'Unsupported filter operator exists'],
  ])('failing-400 %s', async (path, message) => {
    const res = await c.call(c.reader, path);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message });
  });

  it('failing-403-settings-search-needs-admin-while-read-works', async () => {
    const res = await c.call(c.reader, '/settings');
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ status: 403, message: 'Missing permission api:settings:admin' });
    expect(await reader.rest.v3.read('settings', 'aaps')).toMatchObject({ identifier: 'aaps' });
    expect(await search(admin, '/settings')).toHaveLength(1);
  });

  it('failing-401-404-406', async () => {
    expect((await c.call(undefined, '/entries')).status).toBe(401);
    expect((await c.call(c.reader, '/activity')).status).toBe(404);
    expect((await c.call(c.reader, '/entries', { headers: { accept: 'image/png' } })).status).toBe(406);
  });
});
