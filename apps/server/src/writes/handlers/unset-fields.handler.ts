import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { UnsetFieldsCommand } from '../commands/unset-fields.command';
import { ChangePublisher } from './change-publisher';

/** Fields v3 sync depends on: removing them would hide the document from history. */
const PROTECTED = new Set(['_id', 'identifier', 'srvCreated', 'srvModified']);

@CommandHandler(UnsetFieldsCommand)
export class UnsetFieldsHandler implements ICommandHandler<UnsetFieldsCommand> {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly publisher: ChangePublisher,
  ) {}

  async execute({ collection, filter, fields, entryPoint }: UnsetFieldsCommand): Promise<StoredDocument | null> {
    const unset = Object.fromEntries(fields.filter((f) => !PROTECTED.has(f)).map((f) => [f, ''] as const));
    const updated = await this.stores.get(collection).update(filter, { $unset: unset, $set: { srvModified: Date.now() } });
    if (updated) this.publisher.publish(collection, 'update', [updated], entryPoint);
    return updated;
  }
}
