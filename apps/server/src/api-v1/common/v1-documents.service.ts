import { Inject, Injectable } from '@nestjs/common';
import { CommandBus, type Command } from '@nestjs/cqrs';
import type { V1CollectionName } from '@nightscout/protocol';
import { ObjectId } from 'mongodb';
import { APP_CONFIG, type AppConfig } from '../../config/app-config';
import { nightscoutError } from '../../http/nightscout-error';
import { ReadModelService } from '../../read-model/read-model.service';
import { isDuplicateKeyError } from '../../storage/document-store';
import { StoreRegistry } from '../../storage/store-registry';
import type { DocumentFilter, FindOptions, StoredDocument } from '../../storage/stored-document';
import { CreateDocumentsCommand, DeleteDocumentsCommand, ReplaceDocumentCommand, type CreatedDocument, type DocumentToCreate } from '../../writes';
import { QUERY_RULES } from '../query/collection-rules';
import { buildFindFilter } from '../query/find-filter';
import { queryError } from '../query/query-error';
import { idFilter, idForms } from './ids';
import { notFound } from './responses';

/** Documents soft-deleted through v3 stay invisible to v1, which has no notion of them. */
const VISIBLE = { isValid: { $ne: false } };

/** API v1's access to the data: reads from the stores, writes through the commands as entry point `api-v1`. */
@Injectable()
export class V1Documents {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly commands: CommandBus,
    private readonly readModel: ReadModelService,
    @Inject(APP_CONFIG) readonly config: AppConfig,
  ) {}

  /** Treatment and activity writes exist only while the `careportal` feature is enabled (the default). */
  requireCareportal(): void {
    if (!this.config.enable.includes('careportal')) throw notFound('careportal is disabled');
  }

  /** The filter of a request's `find[...]`, typed for the collection. */
  filter(collection: V1CollectionName, find: unknown, defaultWindow = true): DocumentFilter {
    return buildFindFilter(find, { rules: QUERY_RULES[collection], uuidHandling: this.config.uuidHandling, defaultWindow });
  }

  idFilter(id: string): DocumentFilter {
    return idFilter(id, this.config.uuidHandling);
  }

  async find(collection: V1CollectionName, filter: DocumentFilter, options: FindOptions = {}): Promise<StoredDocument[]> {
    return (await this.readModel.find(collection, { $and: [filter, VISIBLE] }, options)).map((doc) => this.shown(collection, doc));
  }

  async findOne(collection: V1CollectionName, filter: DocumentFilter, options: FindOptions = {}): Promise<StoredDocument | null> {
    const doc = await this.stores.get(collection).findOne({ $and: [filter, VISIBLE] }, options);
    return doc && this.shown(collection, doc);
  }

  /** `OBSCURE_DEVICE_PROVENANCE` hides which device uploaded a reading. */
  private shown(collection: V1CollectionName, doc: StoredDocument): StoredDocument {
    const obscure = this.config.obscureDeviceProvenance;
    return collection === 'entries' && obscure !== undefined && doc.device !== undefined ? { ...doc, device: obscure } : doc;
  }

  count(collection: V1CollectionName, filter: DocumentFilter): Promise<number> {
    return this.stores.get(collection).count({ $and: [filter, VISIBLE] });
  }

  /** Creates documents (deduplicated where an item has a `dedup` filter); resolves to the stored documents. */
  async create(collection: V1CollectionName, items: DocumentToCreate[]): Promise<StoredDocument[]> {
    return (await this.write(new CreateDocumentsCommand(collection, items, 'api-v1'))).map((r) => r.doc);
  }

  /** Creates documents without deduplication. */
  insert(collection: V1CollectionName, docs: Record<string, unknown>[]): Promise<StoredDocument[]> {
    return this.create(collection, docs.map((doc) => ({ doc })));
  }

  /** PUT of profile, food and activity: replace-upsert by `_id`, a new id when none is given (docs/protocol/api-v1.md §6.4). */
  async upsertById(collection: V1CollectionName, doc: Record<string, unknown>): Promise<StoredDocument> {
    const _id = doc._id instanceof ObjectId ? doc._id : new ObjectId();
    const result = await this.upsert(collection, { _id: { $in: idForms(_id.toHexString()) } }, { ...doc, _id });
    return result!.doc;
  }

  /** Replace-or-insert of one document by `filter`. */
  upsert(collection: V1CollectionName, filter: DocumentFilter, doc: Record<string, unknown>): Promise<CreatedDocument | null> {
    return this.write(new ReplaceDocumentCommand(collection, filter, doc, 'api-v1', true));
  }

  /**
   * The filter of a DELETE: an explicit `find[...]` or a path id is required (the reference silently
   * deleted the last four days without one, docs/protocol/api-v1.md V1-W4). With an id the default window does not apply.
   */
  deleteFilter(collection: V1CollectionName, find: unknown, id?: string): DocumentFilter {
    const hasFind = typeof find === 'object' && find !== null && Object.keys(find).length > 0;
    if (!hasFind && id === undefined) throw queryError('DELETE needs a find[...] filter or an id');
    const filter = hasFind ? this.filter(collection, find, id === undefined) : {};
    return id === undefined ? filter : { $and: [filter, this.idFilter(id)] };
  }

  /** Deletes by a path id (and `find`); an id naming no document is a 404 (the reference answered 200 or 500). */
  async deleteById(collection: V1CollectionName, id: string, find?: unknown): Promise<StoredDocument[]> {
    const deleted = await this.delete(collection, this.deleteFilter(collection, find, id));
    if (deleted.length === 0) throw notFound(`No such id: '${id}'`);
    return deleted;
  }

  /** Runs a write; a client `_id` or `identifier` that another document already holds is a 409, not a 500. */
  private async write<T>(command: Command<T>): Promise<T> {
    try {
      return await this.commands.execute(command);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw nightscoutError(409, 'Conflict', 'another document already has this _id or identifier');
      throw error;
    }
  }

  /** Permanent delete, as the reference does. */
  delete(collection: V1CollectionName, filter: DocumentFilter): Promise<StoredDocument[]> {
    return this.commands.execute(new DeleteDocumentsCommand(collection, { $and: [filter, VISIBLE] }, 'api-v1'));
  }
}
