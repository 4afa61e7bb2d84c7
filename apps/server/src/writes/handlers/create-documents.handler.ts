import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
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
    const results: CreatedDocument[] = [];
    let batch: StoredDocument[] = [];
    const flush = async () => {
      results.push(...(await store.insertMany(await withFreeIdentifiers(store, batch))).map((doc) => ({ outcome: 'created' as const, doc })));
      batch = [];
    };
    try {
      for (const item of items) {
        if (!item.dedup) {
          batch.push(stampNew(item.doc, now));
          continue;
        }
        await flush();
        results.push(await this.createDeduplicated(store, item, now));
      }
      await flush();
    } finally {
      // Whatever was committed before a failure is still announced.
      this.publisher.publish(collection, 'create', results.filter((r) => r.outcome === 'created').map((r) => r.doc), entryPoint);
      this.publisher.publish(collection, 'update', results.filter((r) => r.outcome === 'replaced').map((r) => r.doc), entryPoint);
    }
    return results;
  }

  private async createDeduplicated(store: DocumentStore, item: DocumentToCreate, now: number): Promise<CreatedDocument> {
    let stamped = stampNew(item.doc, now);
    for (let attempt = 1; ; attempt++) {
      try {
        const { doc, inserted } = await store.insertIfAbsent(item.dedup!, stamped);
        if (inserted) return { outcome: 'created', doc };
        if (item.onDuplicate !== 'replace') return { outcome: 'duplicate', doc, previous: doc };
        const replaced = await store.replace({ _id: doc._id }, await withFreeReplacementIdentifier(store, stampReplacement(item.doc, doc, now), doc));
        return replaced ? { outcome: 'replaced', doc: replaced, previous: doc } : { outcome: 'duplicate', doc, previous: doc };
      } catch (error) {
        if (!isDuplicateKeyError(error) || attempt >= UPSERT_ATTEMPTS) throw error;
        // Lost a race (the retry finds the winner) or the client's identifier is another document's.
        stamped = withOwnIdentifier(stamped);
      }
    }
  }
}
