import { getConnectionToken } from '@nestjs/mongoose';
import { ObjectId } from 'mongodb';
import type { Connection } from 'mongoose';
import {
  CreateDocumentsCommand,
  DeleteDocumentsCommand,
  PatchDocumentCommand,
  ReplaceDocumentCommand,
  UnsetFieldsCommand,
} from '../src/writes';
import { startTestServer, type TestServer } from './support/test-server';

describe('write commands: each writes the document, stamps server fields and publishes exactly one event', () => {
  let server: TestServer;
  let db: Connection;
  const stored = (collection: string, filter: object) => db.collection(collection).findOne(filter);

  beforeAll(async () => {
    server = await startTestServer();
    db = server.app.get<Connection>(getConnectionToken());
  });
  afterAll(() => server.close());
  beforeEach(() => {
    server.events.length = 0;
  });

  it('creates many documents in one command and one create event', async () => {
    const before = Date.now();
    const results = await server.commands.execute(
      new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: 120, date: 1 } }, { doc: { type: 'sgv', sgv: 121, date: 2 } }], 'api-v1'),
    );
    expect(results.map((r) => r.outcome)).toEqual(['created', 'created']);
    const doc = await stored('entries', { sgv: 120 });
    expect(doc).toMatchObject({ type: 'sgv', sgv: 120, identifier: doc!._id.toHexString() });
    expect(doc!.srvCreated).toBeGreaterThanOrEqual(before);
    expect(doc!.srvModified).toBe(doc!.srvCreated);
    expect(server.events).toHaveLength(1);
    expect(server.events[0]).toMatchObject({ collection: 'entries', operation: 'create', entryPoint: 'api-v1' });
    expect(server.events[0].documents.map((d) => d.sgv)).toEqual([120, 121]);
  });

  it('keeps a client identifier and a client _id', async () => {
    const [result] = await server.commands.execute(new CreateDocumentsCommand('treatments', [{ doc: { _id: 'custom-id', identifier: 'abc', eventType: 'Note' } }], 'socket'));
    expect(result.doc).toMatchObject({ _id: 'custom-id', identifier: 'abc' });
    expect(await stored('treatments', { _id: 'custom-id' as never })).toMatchObject({ identifier: 'abc' });
  });

  it('deduplicates atomically: a duplicate is returned, not written, and publishes nothing', async () => {
    const item = { doc: { eventType: 'Meal Bolus', created_at: '2024-05-01T12:00:00.000Z', carbs: 30 }, dedup: { eventType: 'Meal Bolus', created_at: '2024-05-01T12:00:00.000Z' } };
    const [first] = await server.commands.execute(new CreateDocumentsCommand('treatments', [item], 'api-v1'));
    const [second] = await server.commands.execute(new CreateDocumentsCommand('treatments', [{ ...item, doc: { ...item.doc, carbs: 40 } }], 'api-v1'));
    expect(first.outcome).toBe('created');
    expect(second.outcome).toBe('duplicate');
    expect(second.doc._id).toEqual(first.doc._id);
    expect(await db.collection('treatments').countDocuments({ eventType: 'Meal Bolus' })).toBe(1);
    expect(server.events).toHaveLength(1);
  });

  it('replaces a duplicate when asked, keeping _id and srvCreated, as one update event', async () => {
    const dedup = { identifier: 'replace-me' };
    const [first] = await server.commands.execute(new CreateDocumentsCommand('devicestatus', [{ doc: { identifier: 'replace-me', device: 'a' }, dedup, onDuplicate: 'replace' }], 'api-v3'));
    await new Promise((r) => setTimeout(r, 5));
    const [second] = await server.commands.execute(new CreateDocumentsCommand('devicestatus', [{ doc: { identifier: 'replace-me', device: 'b' }, dedup, onDuplicate: 'replace' }], 'api-v3'));
    expect(second.outcome).toBe('replaced');
    expect(second.doc).toMatchObject({ _id: first.doc._id, device: 'b', srvCreated: first.doc.srvCreated });
    expect(second.doc.srvModified).toBeGreaterThan(first.doc.srvModified!);
    expect(server.events.map((e) => e.operation)).toEqual(['create', 'update']);
  });

  it('stores exactly one document under 50 concurrent identical creates', async () => {
    const item = { doc: { identifier: 'concurrent-1', device: 'x', date: 5 }, dedup: { identifier: 'concurrent-1' } };
    const results = await Promise.all(Array.from({ length: 50 }, () => server.commands.execute(new CreateDocumentsCommand('entries', [item], 'api-v3'))));
    expect(results.flat().filter((r) => r.outcome === 'created')).toHaveLength(1);
    expect(await db.collection('entries').countDocuments({ identifier: 'concurrent-1' })).toBe(1);
    expect(server.events).toHaveLength(1);
  });

  it('replaces by filter, inserting on upsert', async () => {
    const missing = await server.commands.execute(new ReplaceDocumentCommand('food', { name: 'apple' }, { name: 'apple', carbs: 10 }, 'api-v1'));
    expect(missing).toBeNull();
    expect(server.events).toHaveLength(0);
    const created = await server.commands.execute(new ReplaceDocumentCommand('food', { name: 'apple' }, { name: 'apple', carbs: 10 }, 'api-v1', true));
    const replaced = await server.commands.execute(new ReplaceDocumentCommand('food', { name: 'apple' }, { name: 'apple', carbs: 12 }, 'api-v1', true));
    expect(created?.outcome).toBe('created');
    expect(replaced).toMatchObject({ outcome: 'replaced', doc: { _id: created!.doc._id, carbs: 12, identifier: created!.doc.identifier } });
    expect(server.events.map((e) => e.operation)).toEqual(['create', 'update']);
  });

  it('patches and unsets fields, moving srvModified, one update event each', async () => {
    const [{ doc }] = await server.commands.execute(new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Correction Bolus', insulin: 1, carbs: 5 } }], 'socket'));
    server.events.length = 0;
    const patched = await server.commands.execute(new PatchDocumentCommand('treatments', { _id: doc._id }, { insulin: 2, srvCreated: 1 }, 'socket'));
    expect(patched).toMatchObject({ insulin: 2, srvCreated: doc.srvCreated });
    const unset = await server.commands.execute(new UnsetFieldsCommand('treatments', { _id: doc._id }, ['carbs', 'identifier'], 'socket'));
    expect(unset).not.toHaveProperty('carbs');
    expect(unset).toHaveProperty('identifier', doc.identifier);
    expect(server.events.map((e) => [e.operation, e.documents.length])).toEqual([['update', 1], ['update', 1]]);
    expect(await server.commands.execute(new PatchDocumentCommand('treatments', { _id: new ObjectId() }, { insulin: 3 }, 'socket'))).toBeNull();
    expect(server.events).toHaveLength(2);
  });

  it('soft-deletes (isValid false, srvModified moved) and deletes permanently, one delete event each', async () => {
    const [{ doc: soft }, { doc: hard }] = await server.commands.execute(
      new CreateDocumentsCommand('profile', [{ doc: { defaultProfile: 'soft' } }, { doc: { defaultProfile: 'hard' } }], 'api-v3'),
    );
    server.events.length = 0;
    await server.commands.execute(new DeleteDocumentsCommand('profile', { _id: soft._id }, 'api-v3', { permanent: false, modifiedBy: 'tester' }));
    expect(await stored('profile', { _id: soft._id })).toMatchObject({ isValid: false, modifiedBy: 'tester' });
    await server.commands.execute(new DeleteDocumentsCommand('profile', { _id: hard._id }, 'api-v1'));
    expect(await stored('profile', { _id: hard._id })).toBeNull();
    expect(server.events.map((e) => [e.operation, e.permanent, e.documents[0].defaultProfile])).toEqual([
      ['delete', false, 'soft'],
      ['delete', true, 'hard'],
    ]);
    const none = await server.commands.execute(new DeleteDocumentsCommand('profile', { defaultProfile: 'nothing' }, 'api-v1'));
    expect(none).toEqual([]);
    expect(server.events).toHaveLength(2);
  });
});
