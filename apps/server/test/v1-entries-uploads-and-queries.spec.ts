import { clientsPerSuite } from './support/library-clients';
import { ADMIN_HEADERS } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';
import type { TestServer } from './support/test-server';

const MINUTE = 60_000;

/** An xDrip+ style reading `minutesAgo` minutes ago. */
const reading = (minutesAgo: number, sgv: number, extra: Record<string, unknown> = {}) => {
  const date = Math.floor((Date.now() - minutesAgo * MINUTE) / 1000) * 1000;
  return { type: 'sgv', sgv, date, dateString: new Date(date).toISOString(), direction: 'Flat', device: 'xDrip-DexcomG6', noise: 1, ...extra };
};

interface Entry {
  _id: string;
  date: number;
  sgv: number;
  dateString: string;
}

/** The uploads and queries that expect success, through the library; raw requests remain for refusals, formats and headers. */
function libraryClients(server: TestServer) {
  const { uploader, follower } = clientsPerSuite(server);
  return {
    upload: (body: Record<string, unknown> | Record<string, unknown>[]) => uploader().rest.v1.create('entries', body),
    get: <T = Entry[]>(path: string) => follower().rest.get<T>(path),
    uploader,
  };
}

describe('API v1 entries: uploads and the queries clients send', () => {
  const server = serverPerSuite();
  const { upload, get, uploader } = libraryClients(server);
  const post = (body: unknown, path = '/api/v1/entries') => server.fetch(path, { method: 'POST', headers: ADMIN_HEADERS, json: body });

  it('stores an xDrip+ array, normalising sysTime, utcOffset and dateString, with one create event from api-v1', async () => {
    const local = '2024-05-01T14:00:00.000+02:00';
    const stored = await upload([reading(10, 110), { ...reading(0, 999), sgv: 120, date: Date.parse(local), dateString: local }]);
    expect(stored).toHaveLength(2);
    expect(stored[1]).toMatchObject({ sgv: 120, sysTime: '2024-05-01T12:00:00.000Z', dateString: '2024-05-01T12:00:00.000Z', utcOffset: 120 });
    expect(stored[0]._id).toMatch(/^[0-9a-f]{24}$/);
    expect(server.events).toHaveLength(1);
    expect(server.events[0]).toMatchObject({ collection: 'entries', operation: 'create', entryPoint: 'api-v1' });
    expect(server.events[0].documents).toHaveLength(2);
  });

  it('stores one document when the same reading is uploaded twice', async () => {
    const r = reading(20, 130, { device: 'dedup-test' });
    await upload([r]);
    await upload([r]);
    await upload(r);
    const found = await get('/api/v1/entries.json?find[device]=dedup-test');
    expect(found).toHaveLength(1);
  });

  it('refuses a single object without date with 400 (the reference ignored it) and accepts one with date', async () => {
    const res = await post({ type: 'sgv', sgv: 100 });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message: 'Bad request body', description: 'a single entry needs a date' });
    expect(await upload(reading(25, 101, { device: 'single' }))).toHaveLength(1);
  });

  it('answers sgv.json?count=288 newest first with at most count readings', async () => {
    await upload(Array.from({ length: 12 }, (_, i) => reading(30 + i * 5, 150 + i, { device: 'series' })));
    const all = await get('/api/v1/entries/sgv.json?count=288');
    expect(all.length).toBeGreaterThanOrEqual(12);
    expect(all.length).toBeLessThanOrEqual(288);
    const dates = all.map((e) => e.date);
    expect(dates).toEqual([...dates].sort((a, b) => b - a));
    expect(await get('/api/v1/entries/sgv.json?count=3')).toHaveLength(3);
    expect(await get('/api/v1/entries.json')).toHaveLength(10);
  });

  it('filters with find[date][$gte] in epoch ms and with an ISO date', async () => {
    const since = Date.now() - 12 * MINUTE;
    const found = await get(`/api/v1/entries.json?find[date][$gte]=${since}&count=100`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((e) => e.date >= since)).toBe(true);
    const iso = await get(`/api/v1/entries.json?find[date][$gte]=${new Date(since).toISOString()}&count=100`);
    expect(iso).toEqual(found);
    const typed = await get('/api/v1/entries.json?find[type][$in][]=mbg&find[type][$in][]=sgv&find[sgv][$gte]=155&find[device]=series');
    expect(typed.map((e) => e.sgv).sort()).toEqual([155, 156, 157, 158, 159, 160, 161]);
  });

  it('applies the 4-day default window without a date constraint, and not with one', async () => {
    const old = Date.now() - 5 * 24 * 60 * MINUTE;
    await upload([{ type: 'sgv', sgv: 77, date: old, device: 'old' }]);
    expect(await get('/api/v1/entries.json?find[device]=old')).toEqual([]);
    expect(await get(`/api/v1/entries.json?find[device]=old&find[date][$gte]=${old - 1}`)).toHaveLength(1);
  });

  it('serves tab-separated text without an Accept header and csv for .csv', async () => {
    const res = await fetch(`${server.url}/api/v1/entries?count=2`, { headers: { accept: '' } });
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const lines = (await res.text()).split('\r\n');
    expect(lines).toHaveLength(2);
    expect(lines[0].split('\t')).toHaveLength(5);
    expect(lines[0]).toMatch(/^"\d{4}-\d\d-\d\dT[^"]+"\t\d+\t\d+\t"Flat"\t"/);
    const csv = await server.fetch('/api/v1/entries.csv?count=1');
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    expect((await csv.text()).split(',')).toHaveLength(5);
  });

  it('returns the newest entry as a one-element array from /entries/current and by id from /entries/:id', async () => {
    const [current] = await get('/api/v1/entries/current.json');
    const newest = (await get('/api/v1/entries.json?count=1'))[0];
    expect(current._id).toBe(newest._id);
    expect(await get(`/api/v1/entries/${newest._id}.json`)).toEqual([newest]);
    const missing = await server.fetch('/api/v1/entries/0123456789abcdef01234567.json');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ status: 404, message: 'Not found' });
  });

  it('answers 304 to If-Modified-Since not older than the newest entry', async () => {
    const first = await server.fetch('/api/v1/entries.json?count=1');
    const lastModified = first.headers.get('last-modified');
    expect(lastModified).toBeTruthy();
    const again = await server.fetch('/api/v1/entries.json?count=1', { headers: { 'if-modified-since': lastModified! } });
    expect(again.status).toBe(304);
    const older = await server.fetch('/api/v1/entries.json?count=1', { headers: { 'if-modified-since': new Date(0).toUTCString() } });
    expect(older.status).toBe(200);
  });

  it('routes case-insensitively and with a trailing slash, as Express 4 did', async () => {
    expect(await get('/API/V1/Entries/sgv.json?count=1')).toHaveLength(1);
    expect((await server.fetch('/api/v1/entries/?count=1', { headers: { accept: 'application/json' } })).status).toBe(200);
  });

  it('answers a malformed JSON body with 400', async () => {
    const res = await server.fetch('/api/v1/entries', { method: 'POST', headers: { ...ADMIN_HEADERS, 'content-type': 'application/json' }, body: '[{"sgv": ' });
    expect(res.status).toBe(400);
  });

  it('is mirrored under /api/v2', async () => {
    expect(await get('/api/v2/entries/sgv.json?count=2')).toEqual(await get('/api/v1/entries/sgv.json?count=2'));
  });

  it.each([
    ['$where', 'find[sgv][$where]=1'],
    ['$function', 'find[sgv][$function]=x'],
    ['$expr', 'find[$expr][$gt]=1'],
    ['a nested document', 'find[sgv][a]=1'],
    ['a long regex', `find[device][$regex]=${'a'.repeat(300)}`],
    ['an invalid regex', 'find[device][$regex]=(('],
    ['an invalid date', 'find[date][$gte]=not-a-date'],
    ['a non-numeric sgv', 'find[sgv]=abc'],
    ['a bad count', 'count=-1'],
    ['a bad sort', 'sort[date]=sideways'],
  ])('rejects %s in the query with a 400 and a message', async (_name, query) => {
    const res = await server.fetch(`/api/v1/entries.json?${query}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, message: 'Bad query' });
    expect(typeof body.description).toBe('string');
  });

  it('counts with /count/entries/where and refuses client aggregation stages', async () => {
    const [result] = await get<unknown[]>('/api/v1/count/entries/where.json?find[device]=series');
    expect(result).toEqual({ _id: null, count: 12 });
    expect(await get('/api/v1/count/entries/where.json?find[device]=nobody')).toEqual([]);
    expect((await server.fetch('/api/v1/count/entries/where.json?pipeline[0][$lookup]=x')).status).toBe(400);
  });

  it('searches dateString with /times/:prefix/:regex and brace expansion', async () => {
    const day = new Date().toISOString().slice(0, 10);
    const found = await get(`/api/v1/times/${day}/T{00..23}:.json?count=500`);
    expect(found.length).toBeGreaterThan(10);
    expect(found.every((e) => e.dateString.startsWith(day))).toBe(true);
    const echo = await get<{ storage: string }>(`/api/v1/times/echo/${day}/T{06..08}:.json`);
    expect(echo.storage).toBe('entries');
  });

  it('previews without storing', async () => {
    const before = server.events.length;
    const [preview] = await uploader().rest.post<Entry[]>('/api/v1/entries/preview', [reading(1, 111, { device: 'preview' })]);
    expect(preview).toMatchObject({ sgv: 111, sysTime: expect.any(String) });
    expect(server.events).toHaveLength(before);
    expect(await get('/api/v1/entries.json?find[device]=preview')).toEqual([]);
  });

  it('deletes permanently by find and by id, refusing a DELETE without a filter', async () => {
    const stored = await upload([reading(2, 201, { device: 'del' }), reading(3, 202, { device: 'del' }), reading(4, 203, { device: 'del' })]);
    server.events.length = 0;
    const noFilter = await server.fetch('/api/v1/entries', { method: 'DELETE', headers: ADMIN_HEADERS });
    expect(noFilter.status).toBe(400);
    expect(await uploader().rest.v1.remove('entries', stored[0]._id)).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await uploader().rest.delete('/api/v1/entries/sgv', { 'find[device]': 'del' })).toEqual({ acknowledged: true, deletedCount: 2 });
    expect(server.events.map((e) => [e.operation, e.entryPoint, e.permanent, e.documents.length])).toEqual([
      ['delete', 'api-v1', true, 1],
      ['delete', 'api-v1', true, 2],
    ]);
    expect(await get('/api/v1/entries.json?find[device]=del')).toEqual([]);
    expect((await server.fetch(`/api/v1/entries/${stored[0]._id}`, { method: 'DELETE', headers: ADMIN_HEADERS })).status).toBe(404);
  });

  it('sanitises active content in uploaded strings', async () => {
    const [stored] = await upload([reading(5, 140, { device: 'x<script>alert(1)</script>y', notes: '<none>' })]);
    expect(stored.device).toBe('xy');
    expect(stored.notes).toBe('<none>');
  });

  it('rejects documents with operator keys', async () => {
    const res = await post([{ ...reading(6, 141), $set: { x: 1 } }]);
    expect(res.status).toBe(400);
  });
});

describe('API v1 entries with OBSCURE_DEVICE_PROVENANCE', () => {
  const server = serverPerSuite({ OBSCURE_DEVICE_PROVENANCE: 'a CGM' });
  const { upload, get } = libraryClients(server);

  it('shows the configured text instead of the uploading device, and stores the real one', async () => {
    await upload([reading(1, 130, { device: 'xDrip-DexcomG6 SN 8XYZ' })]);
    const [shown] = await get('/api/v1/entries/sgv.json?count=1');
    expect(shown).toMatchObject({ sgv: 130, device: 'a CGM' });
    expect(server.events[0].documents[0].device).toBe('xDrip-DexcomG6 SN 8XYZ');
  });
});
