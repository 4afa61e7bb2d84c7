import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { PatchDocumentCommand } from '../commands/patch-document.command';
import { ChangePublisher } from './change-publisher';

/**
 * Fields the server owns: a patch cannot move them. The identifier is how v3 clients know the
 * document (v3 PATCH refuses to change it), and another document may hold the one sent.
 */
const SERVER_OWNED = ['_id', 'identifier', 'srvCreated', 'srvModified'];

@CommandHandler(PatchDocumentCommand)
export class PatchDocumentHandler implements ICommandHandler<PatchDocumentCommand> {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly publisher: ChangePublisher,
  ) {}

  async execute({ collection, filter, fields, entryPoint }: PatchDocumentCommand): Promise<StoredDocument | null> {
    const set = Object.fromEntries(Object.entries(fields).filter(([k]) => !SERVER_OWNED.includes(k)));
    const updated = await this.stores.get(collection).update(filter, { $set: { ...set, srvModified: Date.now() } });
    if (updated) this.publisher.publish(collection, 'update', [updated], entryPoint);
    return updated;
  }
}
