import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand } from '../src/writes';
import type { NightscoutClient } from '@nightscout/client';
import { closeLibraryClients, v3Clients } from './support/library-clients';
import { startV3, type V3Client } from './support/v3-client';

/** The ETag number the way AndroidAPS reads it: from the 4th character up to the last-but-one. */
const etagPosition = (res: Response) => Number(res.headers.get('etag')!.slice(3, -1));

describe('API v3 HISTORY sees every write, whatever its entry point (spec §8.7, issue fix)', () => {
  let c: V3Client;
  let admin: NightscoutClient;
  let reader: NightscoutClient;
  const history = async (path: string, init: RequestInit = {}) => {
    const res = await c.call(c.reader, `/treatments/history${path}`, init);
    return { res, result: res.status === 200 ? ((await res.json()).result as Record<string, unknown>[]) : [] };
  };

  beforeAll(async () => {
    c = await startV3();
    ({ admin, reader } = await v3Clients(c));
  });
  afterAll(async () => {
    closeLibraryClients();
    await c.server.close();
  });

  it('successful-sync: a v1 create, a v1 patch and a v1 delete each appear, in order, with srvModified and isValid', async () => {
    const start = Date.now() - 1;
    const [created] = await c.server.commands.execute(
      new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Note', created_at: '2023-11-14T22:13:20.000Z', notes: 'from v1' } }], 'api-v1'),
    );
    const first = await history(`/${start}`);
    expect(first.res.status).toBe(200);
    expect(first.result).toEqual([expect.objectContaining({ identifier: created.doc.identifier, notes: 'from v1', srvModified: created.doc.srvModified })]);
    expect(first.res.headers.get('etag')).toBe(`W/"${created.doc.srvModified}"`);
    expect(first.res.headers.get('last-modified')).toBe(new Date(created.doc.srvModified!).toUTCString());

    await new Promise((r) => setTimeout(r, 5));
    await c.server.commands.execute(new PatchDocumentCommand('treatments', { _id: created.doc._id }, { notes: 'patched by v1' }, 'api-v1'));
    const second = await history(`/${etagPosition(first.res)}`);
    expect(second.result).toEqual([expect.objectContaining({ notes: 'patched by v1' })]);

    await new Promise((r) => setTimeout(r, 5));
    await c.server.commands.execute(new DeleteDocumentsCommand('treatments', { _id: created.doc._id }, 'socket', { permanent: false }));
    const third = await history(`/${etagPosition(second.res)}`);
    expect(third.result).toEqual([expect.objectContaining({ identifier: created.doc.identifier, isValid: false })]);

    const done = await history(`/${etagPosition(third.res)}`);
    expect(done.res.status).toBe(200);
    expect(done.result).toEqual([]);
    expect(done.res.headers.get('etag')).toBeNull();
  });

  it('successful-v3-patch-and-delete-show-up-and-permanent-deletes-do-not', async () => {
    // Another time than the v1 document's: the same created_at+eventType would deduplicate onto it.
    const { identifier, lastModified } = await admin.rest.v3.create('treatments', { date: 1700000900000, app: 'x', eventType: 'Note' });
    await new Promise((r) => setTimeout(r, 5));
    await admin.rest.v3.patch('treatments', identifier, { notes: 'patched' });
    const patched = await history(`/${lastModified}`);
    expect(patched.result).toEqual([expect.objectContaining({ identifier, notes: 'patched', modifiedBy: 'admin-app' })]);
    await new Promise((r) => setTimeout(r, 5));
    await admin.rest.v3.remove('treatments', identifier);
    const deleted = await history(`/${etagPosition(patched.res)}`);
    expect(deleted.result).toEqual([expect.objectContaining({ identifier, isValid: false })]);
    await admin.rest.v3.remove('treatments', identifier, { permanent: true });
    expect((await reader.rest.v3.history('treatments', lastModified - 1)).some((d) => d.identifier === identifier)).toBe(false);
  });

  it('successful-limit-fields-and-header-variant-inclusive-by-second', async () => {
    const all = await reader.rest.v3.history('treatments', 1600000000000);
    expect(all.length).toBeGreaterThan(0);
    const limited = await reader.rest.v3.history('treatments', 1600000000000, { limit: 1, fields: 'notes' });
    expect(limited).toHaveLength(1);
    expect(Object.keys(limited[0])).toEqual(['notes']);
    const newest = Math.max(...all.map((d) => d.srvModified));
    // The Last-Modified header variant: a raw request.
    const byHeader = await history('', { headers: { 'last-modified': new Date(newest).toUTCString() } });
    expect(byHeader.res.status).toBe(200);
    expect(byHeader.result.map((d) => d.srvModified)).toContain(newest);
  });

  it('successful-304-for-a-matching-if-none-match-unless-no-cache', async () => {
    const first = await history('/1600000000000');
    const etag = first.res.headers.get('etag')!;
    // fetch() adds `Cache-Control: no-cache` to conditional requests unless one is given.
    const again = await c.call(c.reader, '/treatments/history/1600000000000', { headers: { 'if-none-match': etag, 'cache-control': 'max-age=0' } });
    expect(again.status).toBe(304);
    expect(await again.text()).toBe('');
    const noCache = await c.call(c.reader, '/treatments/history/1600000000000', { headers: { 'if-none-match': etag, 'cache-control': 'no-cache' } });
    expect(noCache.status).toBe(200);
  });

  it.each([['/0'], ['/yesterday'], ['']])('failing-400-bad-last-modified %s', async (path) => {
    const { res } = await history(path, path === '' ? { headers: { 'last-modified': 'not a date' } } : {});
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ status: 400, message: 'Bad or missing Last-Modified header/parameter' });
  });

  it('failing-400-limit-401-403-404-406', async () => {
    expect((await c.call(c.reader, '/treatments/history/1600000000000?limit=0')).status).toBe(400);
    expect((await c.call(undefined, '/treatments/history/1600000000000')).status).toBe(401);
    expect(await (await c.call(c.reader, '/settings/history/1600000000000')).json()).toEqual({ status: 403, message: 'Missing permission api:settings:admin' });
    expect((await c.call(c.reader, '/activity/history/1600000000000')).status).toBe(404);
    expect((await c.call(c.reader, '/treatments/history/1600000000000', { headers: { accept: 'text/html' } })).status).toBe(406);
  });
});
