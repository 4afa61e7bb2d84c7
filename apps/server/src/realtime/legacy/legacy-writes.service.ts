import { Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { V1CollectionName } from '@nightscout/protocol';
import { Query } from 'mingo';
import { ObjectId } from 'mongodb';
import { ReadModelService } from '../../read-model/read-model.service';
import { isDuplicateKeyError } from '../../storage/document-store';
import { StoreRegistry } from '../../storage/store-registry';
import type { DocumentFilter, StoredDocument } from '../../storage/stored-document';
import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand, UnsetFieldsCommand, type DocumentToCreate } from '../../writes';

/** A treatment within this many ms of another, with the same amounts, is the same treatment sent twice. */
const NEAR_MATCH_MS = 2000;
/** Fields compared for a near match when truthy in the new treatment (docs/protocol/legacy-socket.md §4.8.2). */
const NEAR_MATCH_FIELDS = ['insulin', 'carbs', 'percent', 'absolute', 'duration', 'NSCLIENT_ID'];

type Doc = Record<string, unknown>;

/**
 * The legacy socket's write semantics (`dbAdd`, `dbUpdate`, `dbUpdateUnset`, `dbRemove`) expressed
 * as write-path commands with entry point `socket`.
 */
@Injectable()
export class LegacyWritesService {
  /** Whether the treatments' time index lists every stored treatment (after its one-time pass). */
  private timeIndexed = false;

  constructor(
    private readonly commands: CommandBus,
    private readonly stores: StoreRegistry,
    private readonly readModel: ReadModelService,
  ) {
    void stores.indexed('treatments').then(() => (this.timeIndexed = true));
  }

  /** Adds documents one by one with the per-collection dedup rules; returns what was stored or matched. */
  async add(collection: V1CollectionName, docs: Doc[]): Promise<StoredDocument[]> {
    const results: StoredDocument[] = [];
    for (const raw of docs) results.push(await this.addOne(collection, withDefaults(collection, raw)));
    return results;
  }

  private async addOne(collection: V1CollectionName, doc: Doc): Promise<StoredDocument> {
    if (collection === 'treatments') {
      const exact = doc.NSCLIENT_ID ? { NSCLIENT_ID: doc.NSCLIENT_ID } : { created_at: doc.created_at, eventType: doc.eventType };
      const store = this.stores.get('treatments');
      const existing = await store.findDuplicate(exact);
      if (existing) return existing;
      const near = nearMatchFilter(doc);
      const similar = near && (await this.nearMatch(near));
      if (similar) {
        return (await this.commands.execute(new PatchDocumentCommand('treatments', { _id: similar._id }, { created_at: doc.created_at }, 'socket'))) ?? similar;
      }
      return this.create(collection, { doc, dedup: exact });
    }
    if (collection === 'devicestatus') {
      return this.create(collection, { doc, dedup: doc.NSCLIENT_ID ? { NSCLIENT_ID: doc.NSCLIENT_ID } : { created_at: doc.created_at } });
    }
    if (collection === 'profile') {
      const dedup = doc.NSCLIENT_ID ? { NSCLIENT_ID: doc.NSCLIENT_ID } : doc.startDate ? { startDate: doc.startDate } : undefined;
      return this.create(collection, { doc, dedup, onDuplicate: 'replace' });
    }
    return this.create(collection, { doc });
  }

  /**
   * The first stored treatment matching a near-match filter, without a scan of the collection
   * (docs/performance.md, "Legacy dbAdd"): from memory when the read model holds the time range,
   * else through the time index, else (neither kept, or both still loading) the database. It does
   * not wait for the read model's load, which on a database indexed for the first time can take minutes.
   */
  private async nearMatch(near: NearMatch): Promise<StoredDocument | null> {
    const held = this.readModel.query('treatments', near.filter, { limit: 1 });
    if (held) return held[0] ?? null;
    const store = this.stores.get('treatments');
    const listed = this.timeIndexed ? await store.findBetween(near.from, near.to) : undefined;
    if (!listed) return store.findOne(near.filter);
    const query = new Query(near.filter);
    return listed.find((doc) => query.test(doc)) ?? null;
  }

  private async create(collection: V1CollectionName, item: DocumentToCreate): Promise<StoredDocument> {
    try {
      const [result] = await this.commands.execute(new CreateDocumentsCommand(collection, [item], 'socket'));
      return result.doc;
    } catch (error) {
      // A client `_id` that another document holds: that document is the answer, as for any
      // duplicate (the reference answered `[]`).
      const holder = isDuplicateKeyError(error) && item.doc._id !== undefined ? await this.stores.get(collection).findOne({ _id: item.doc._id }) : null;
      if (!holder) throw error;
      return holder;
    }
  }

  update(collection: V1CollectionName, id: string, data: Doc): Promise<StoredDocument | null> {
    return this.commands.execute(new PatchDocumentCommand(collection, idFilter(id), data, 'socket'));
  }

  unset(collection: V1CollectionName, id: string, data: Doc): Promise<StoredDocument | null> {
    return this.commands.execute(new UnsetFieldsCommand(collection, idFilter(id), Object.keys(data), 'socket'));
  }

  remove(collection: V1CollectionName, id: string): Promise<StoredDocument[]> {
    return this.commands.execute(new DeleteDocumentsCommand(collection, idFilter(id), 'socket', { permanent: true, limit: 1 }));
  }
}

/** Every item gets `created_at` (now) and treatments an `eventType` (`<none>`) when the key is missing. */
function withDefaults(collection: V1CollectionName, raw: Doc): Doc {
  const doc = { ...raw };
  if (collection === 'treatments' && !('eventType' in doc)) doc.eventType = '<none>';
  if (!('created_at' in doc)) doc.created_at = new Date().toISOString();
  return doc;
}

/** A near-match filter and the `created_at` texts it lies between. */
interface NearMatch {
  filter: DocumentFilter;
  from: string;
  to: string;
}

function nearMatchFilter(doc: Doc): NearMatch | undefined {
  const at = Date.parse(String(doc.created_at));
  if (Number.isNaN(at)) return undefined;
  const [from, to] = [new Date(at - NEAR_MATCH_MS).toISOString(), new Date(at + NEAR_MATCH_MS).toISOString()];
  const filter: DocumentFilter = { created_at: { $gte: from, $lte: to } };
  const amounts = NEAR_MATCH_FIELDS.filter((f) => doc[f]);
  for (const field of amounts) filter[field] = doc[field];
  if (amounts.length === 0) filter.eventType = doc.eventType;
  return { filter, from, to };
}

/** A 24-hex id may be stored as an ObjectId (REST, v3) or as the string a socket client sent. */
export function idFilter(id: string): DocumentFilter {
  return /^[0-9a-f]{24}$/i.test(id) ? { _id: { $in: [new ObjectId(id), id] } } : { _id: id };
}
