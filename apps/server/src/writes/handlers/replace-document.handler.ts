import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StoreRegistry } from '../../storage/store-registry';
import type { CreatedDocument } from '../commands/create-documents.command';
import { ReplaceDocumentCommand } from '../commands/replace-document.command';
import { stampNew, stampReplacement, withFreeIdentifiers, withFreeReplacementIdentifier } from '../server-fields';
import { ChangePublisher } from './change-publisher';

@CommandHandler(ReplaceDocumentCommand)
export class ReplaceDocumentHandler implements ICommandHandler<ReplaceDocumentCommand> {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly publisher: ChangePublisher,
  ) {}

  async execute({ collection, filter, doc, entryPoint, upsert }: ReplaceDocumentCommand): Promise<CreatedDocument | null> {
    const store = this.stores.get(collection);
    const now = Date.now();
    const existing = await store.findDuplicate(filter);
    if (existing) {
      const replaced = await store.replace({ _id: existing._id }, await withFreeReplacementIdentifier(store, stampReplacement(doc, existing, now), existing), existing);
      if (!replaced) return null;
      this.publisher.publish(collection, 'update', [replaced], entryPoint);
      return { outcome: 'replaced', doc: replaced, previous: existing };
    }
    if (!upsert) return null;
    const [created] = await store.insertMany(await withFreeIdentifiers(store, [stampNew(doc, now)]));
    this.publisher.publish(collection, 'create', [created], entryPoint);
    return { outcome: 'created', doc: created };
  }
}
