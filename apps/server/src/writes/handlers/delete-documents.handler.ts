import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { DeleteDocumentsCommand } from '../commands/delete-documents.command';
import { ChangePublisher } from './change-publisher';

@CommandHandler(DeleteDocumentsCommand)
export class DeleteDocumentsHandler implements ICommandHandler<DeleteDocumentsCommand> {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly publisher: ChangePublisher,
  ) {}

  async execute({ collection, filter, entryPoint, options }: DeleteDocumentsCommand): Promise<StoredDocument[]> {
    const store = this.stores.get(collection);
    const targets = await store.find(filter, options.limit ? { limit: options.limit } : {});
    if (targets.length === 0) return [];
    let affected: StoredDocument[];
    if (options.permanent) {
      await store.deleteDocuments(targets);
      affected = targets;
    } else {
      const set = { isValid: false, srvModified: Date.now(), ...(options.modifiedBy ? { modifiedBy: options.modifiedBy } : {}) };
      affected = await store.updateDocuments(targets, set);
    }
    this.publisher.publish(collection, 'delete', affected, entryPoint, options.permanent);
    return affected;
  }
}
