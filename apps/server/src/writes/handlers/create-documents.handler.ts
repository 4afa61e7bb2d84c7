import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { isDeepStrictEqual } from 'node:util';
import { isDuplicateKeyError, type DocumentStore } from '../../storage/document-store';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { CreateDocumentsCommand, type CreatedDocument, type DocumentToCreate } from '../commands/create-documents.command';
import { stampNew, stampReplacement, withFreeIdentifiers, withFreeReplacementIdentifier, withOwnIdentifier } from '../server-fields';
import { ChangePublisher } from './change-publisher';

/** Concurrent upserts on a unique key can lose the race with a duplicate-key error; the retry finds the winner. */
const UPSERT_ATTEMPTS = 3;

@CommandHandler(CreateDocumentsCommand)
export class CreateDocumentsHandler implements ICommandHandler<CreateDocumentsCommand> {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly publisher: ChangePublisher,
  ) {}

  async execute({ collection, items, entryPoint }: CreateDocumentsCommand): Promise<CreatedDocument[]> {
    const store = this.stores.get(collection);
    const now = Date.now();
    const results: (CreatedDocument | undefined)[] = items.map(() => undefined);
    try {
      const plain = items.flatMap((item, index) => (item.dedup ? [] : [index]));
      const inserted = await store.insertMany(await withFreeIdentifiers(store, plain.map((index) => stampNew(items[index].doc, now))));
      plain.forEach((index, i) => (results[index] = { outcome: 'created', doc: inserted[i] }));
      // New documents of a batch go in together; each of the others (duplicates, races) on its own, in order.
      const deduped = items.flatMap((item, index) => (item.dedup ? [index] : []));
      const together = await store.insertAllIfAbsent(deduped.map((index) => ({ filter: items[index].dedup!, doc: stampNew(items[index].doc, now) })));
      deduped.forEach((index, i) => (results[index] = together[i] && { outcome: 'created', doc: together[i] }));
      for (const wave of waves(deduped.filter((index) => !results[index]), (index) => items[index].dedup!)) {
        await Promise.all(wave.map(async (index) => (results[index] = await this.createDeduplicated(store, items[index], now))));
      }
    } finally {
      // Whatever was committed before a failure is still announced.
      const done = results.filter((r): r is CreatedDocument => r !== undefined);
      this.publisher.publish(collection, 'create', done.filter((r) => r.outcome === 'created').map((r) => r.doc), entryPoint);
      this.publisher.publish(collection, 'update', done.filter((r) => r.outcome === 'replaced').map((r) => r.doc), entryPoint);
    }
    return results as CreatedDocument[];
  }

  private async createDeduplicated(store: DocumentStore, item: DocumentToCreate, now: number): Promise<CreatedDocument> {
    let stamped = stampNew(item.doc, now);
    for (let attempt = 1; ; attempt++) {
      try {
        const { doc, inserted } = await store.insertIfAbsent(item.dedup!, stamped);
        if (inserted) return { outcome: 'created', doc };
        if (item.onDuplicate !== 'replace' || isUnchangedBy(item.doc, doc)) return { outcome: 'duplicate', doc, previous: doc };
        const replaced = await store.replace({ _id: doc._id }, await withFreeReplacementIdentifier(store, stampReplacement(item.doc, doc, now), doc), doc);
        return replaced ? { outcome: 'replaced', doc: replaced, previous: doc } : { outcome: 'duplicate', doc, previous: doc };
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= UPSERT_ATTEMPTS) throw error;
        // Lost a race (the retry finds the winner) or the client's identifier is another document's.
        stamped = withOwnIdentifier(stamped);
      }
    }
  }
}

/** Duplicates and races of a batch resolve this many at a time (each waits on database round trips). */
const PARALLEL_DEDUP = 8;

/** Groups of at most PARALLEL_DEDUP indexes, in order, none holding two items with the same dedup filter (those stay in order). */
function waves(indexes: readonly number[], filterOf: (index: number) => object): number[][] {
  const result: number[][] = [];
  let wave: number[] = [];
  let filters = new Set<string>();
  for (const index of indexes) {
    const filter = JSON.stringify(filterOf(index));
    if (wave.length === PARALLEL_DEDUP || filters.has(filter)) {
      result.push(wave);
      wave = [];
      filters = new Set();
    }
    wave.push(index);
    filters.add(filter);
  }
  if (wave.length > 0) result.push(wave);
  return result;
}

/** Fields the write path sets; a client copy of them says nothing about the document's content. */
const SERVER_SET = new Set(['_id', 'identifier', 'srvCreated', 'srvModified']);

/**
 * A re-sent document equal to the stored one (uploaders re-send whole backlogs): replacing it
 * would change nothing but `srvModified`, and announce an update of every document to every client.
 */
function isUnchangedBy(sent: Record<string, unknown>, stored: StoredDocument): boolean {
  const fields = (doc: Record<string, unknown>) => Object.keys(doc).filter((k) => !SERVER_SET.has(k) && doc[k] !== undefined);
  const sentFields = fields(sent);
  if (typeof sent.identifier === 'string' && sent.identifier !== stored.identifier) return false;
  return sentFields.length === fields(stored).length && sentFields.every((k) => isDeepStrictEqual(sent[k], stored[k]));
}
