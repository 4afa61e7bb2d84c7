import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { clientOf, closeLibraryClients, legacyReceiver, v3Clients } from './support/library-clients';
import { closeClients, legacyClient, request } from './support/sockets';
import { ADMIN_HEADERS } from './support/subjects';
import { TEST_SECRET_SHA1 } from './support/test-server';
import { startV3, type V3Client } from './support/v3-client';
import { ORDINARY_STRINGS, XSS_VECTORS, activeContent } from './support/xss';

/** Every string anywhere in a stored document, with its path. */
function strings(value: unknown, path = ''): [string, string][] {
  if (typeof value === 'string') return [[path, value]];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${path}[${i}]`));
  if (typeof value === 'object' && value !== null && value.constructor === Object) return Object.entries(value).flatMap(([k, v]) => strings(v, `${path}.${k}`));
  return [];
}

/** `items` in chunks of `size`: one socket event or a few concurrent requests each, so no acknowledgement waits long. */
const chunks = <T>(items: readonly T[], size: number): T[][] => Array.from({ length: Math.ceil(items.length / size) }, (_v, i) => items.slice(i * size, (i + 1) * size));

/** The strings of the stored documents a browser would find active, with what it finds. */
const activeIn = (docs: unknown[]) => strings(docs).flatMap(([path, text]) => (activeContent(text).length > 0 ? [`${path}: ${text}`] : []));

/** Updates replace one document again and again: a sample of the vectors keeps the suite quick. */
const SAMPLE = XSS_VECTORS.filter((_v, i) => i % 6 === 2);

const BASE = Date.parse('2024-05-01T00:00:00.000Z');
/** One treatment per vector, a minute apart so that no dedup rule merges them. */
const treatments = (tag: string, offset: number) =>
  XSS_VECTORS.map((vector, i) => ({ eventType: 'Note', notes: vector, enteredBy: vector, created_at: new Date(BASE + (offset + i) * 60_000).toISOString(), tag }));

describe('client text is stored without active content, whatever the entry point', () => {
  let c: V3Client;
  let db: Connection;
  const stored = (tag: string) => db.collection('treatments').find({ tag }).toArray();

  beforeAll(async () => {
    // Rate limits off: each vector is one request or event.
    c = await startV3({ RATE_LIMIT_READ_PER_MIN: '0', RATE_LIMIT_WRITE_PER_MIN: '0', RATE_LIMIT_SOCKET_WRITES_PER_10S: '0', RATE_LIMIT_SOCKET_READS_PER_10S: '0' });
    db = c.server.app.get<Connection>(getConnectionToken());
  });
  afterAll(() => c.server.close());
  afterEach(() => {
    closeClients();
    closeLibraryClients();
  });

  it('API v1 POST and PUT', async () => {
    const posted = await c.server.fetch('/api/v1/treatments', { method: 'POST', headers: ADMIN_HEADERS, json: treatments('v1-post', 0) });
    expect(posted.status).toBe(200);
    const put = await c.server.fetch('/api/v1/treatments', { method: 'PUT', headers: ADMIN_HEADERS, json: { ...treatments('v1-put', 100)[2] } });
    expect(put.status).toBe(200);
    const status = await c.server.fetch('/api/v1/devicestatus', { method: 'POST', headers: ADMIN_HEADERS, json: { device: XSS_VECTORS[1], pump: { status: { status: XSS_VECTORS[2] } }, created_at: new Date(BASE).toISOString() } });
    expect(status.status).toBe(200);

    const docs = await stored('v1-post');
    expect(docs).toHaveLength(XSS_VECTORS.length);
    expect(activeIn(docs)).toEqual([]);
    expect(activeIn(await stored('v1-put'))).toEqual([]);
    expect(activeIn(await db.collection('devicestatus').find().toArray())).toEqual([]);
    expect(activeIn(await posted.json())).toEqual([]);
  });

  it('legacy socket dbAdd and dbUpdate', async () => {
    const socket = await legacyClient(c.server);
    await request(socket, 'authorize', { client: 'web', secret: TEST_SECRET_SHA1, history: 1 });
    for (const data of chunks(treatments('socket-add', 200), 6)) expect(await request(socket, 'dbAdd', { collection: 'treatments', data })).toHaveLength(data.length);
    const docs = await stored('socket-add');
    expect(docs).toHaveLength(XSS_VECTORS.length);
    expect(activeIn(docs)).toEqual([]);

    const [plain] = await request<Record<string, unknown>[]>(socket, 'dbAdd', { collection: 'treatments', data: { eventType: 'Note', created_at: new Date(BASE + 300 * 60_000).toISOString(), tag: 'socket-update' } });
    for (const vector of SAMPLE) {
      expect(await request(socket, 'dbUpdate', { collection: 'treatments', _id: plain._id, data: { notes: vector } })).toEqual({ result: 'success' });
      expect(activeIn(await stored('socket-update'))).toEqual([]);
    }
  });

  it('API v3 create, update and patch', async () => {
    const v3 = (method: string, path: string, json: unknown) => c.call(c.admin, `/treatments${path}`, { method, json });
    const docs = XSS_VECTORS.map((vector, i) => ({ date: BASE + (400 + i) * 60_000, app: 'test', eventType: 'Note', notes: vector, enteredBy: vector, tag: 'v3-create' }));
    for (const chunk of chunks(docs, 8)) expect(await Promise.all(chunk.map(async (doc) => (await v3('POST', '', doc)).status))).toEqual(chunk.map(() => 201));
    const created = await stored('v3-create');
    expect(created).toHaveLength(XSS_VECTORS.length);
    expect(activeIn(created)).toEqual([]);

    const { identifier } = await (await v3('POST', '', { date: BASE + 500 * 60_000, app: 'test', eventType: 'Note', tag: 'v3-change' })).json();
    for (const vector of SAMPLE) {
      expect((await v3('PUT', `/${identifier}`, { date: BASE + 500 * 60_000, app: 'test', eventType: 'Note', notes: vector, tag: 'v3-change' })).status).toBe(200);
      expect(activeIn(await stored('v3-change'))).toEqual([]);
      expect((await v3('PATCH', `/${identifier}`, { notes: vector, enteredBy: vector })).status).toBe(200);
      expect(activeIn(await stored('v3-change'))).toEqual([]);
    }
  });

  // Hostile text goes out raw above; ordinary text is what any client sends, here the library.
  it('keeps ordinary text exactly as sent on every entry point', async () => {
    // v1 drops empty notes, as the reference does.
    const texts = ORDINARY_STRINGS.filter(Boolean);
    const docs = (tag: string, offset: number) =>
      texts.map((text, i) => ({ eventType: text, notes: text, created_at: new Date(BASE + (offset + i) * 60_000).toISOString(), tag }));
    await clientOf(c.server).rest.v1.create('treatments', docs('plain-v1', 1000));
    const socket = await legacyReceiver(c.server, undefined, { client: 'web' });
    for (const data of chunks(docs('plain-socket', 1100), 6)) await socket.dbAdd('treatments', data);
    const v3Docs = docs('plain-v3', 1200).map(({ created_at, ...rest }) => ({ ...rest, date: Date.parse(created_at), app: 'test' }));
    const { admin } = await v3Clients(c);
    const statuses = await Promise.all(v3Docs.map(async (doc) => (await admin.rest.v3.create('treatments', doc)).status));
    expect(statuses).toEqual(v3Docs.map(() => 201));
    for (const tag of ['plain-v1', 'plain-socket', 'plain-v3']) {
      const notes = (await stored(tag)).map((d) => [d.eventType, d.notes]);
      expect(notes.sort()).toEqual(texts.map((text) => [text, text]).sort());
    }
  });
});
