import { Inject, Injectable } from '@nestjs/common';
import { V3_COLLECTIONS, V3_MESSAGES, COLLECTION_DATES, apiPermission, type V3CollectionName } from '@nightscout/protocol';
import type { Authorization } from '../../auth/auth.service';
import { grants } from '../../auth/auth.service';
import { ReadModelService } from '../../read-model/read-model.service';
import { StoreRegistry } from '../../storage/store-registry';
import type { DocumentFilter } from '../../storage/stored-document';
import { v3Error } from '../http/v3-error';
import { floorToSeconds, headerDate, parseDate } from '../model/dates';
import { IDENTIFIED_FIRST, findOneFilter, toV3Document } from '../model/legacy-fallback';
import { parseFilter } from '../query/filter';
import { parseLimit, parseSkip, parseSort } from '../query/paging';
import { parseFields, project } from '../query/projection';
import { V3_SETTINGS, type V3Settings } from '../v3-settings';

type Doc = Record<string, unknown>;

/** Where a history page starts: after a position (path variant) or from a second (header variant). */
export type HistoryStart = { after: number } | { from: number };

/** SEARCH, READ, HISTORY and LAST MODIFIED: reads only, on the stores' read methods. */
@Injectable()
export class DocumentReads {
  constructor(
    private readonly stores: StoreRegistry,
    private readonly readModel: ReadModelService,
    @Inject(V3_SETTINGS) private readonly settings: V3Settings,
  ) {}

  async search(collection: V3CollectionName, query: Record<string, unknown>): Promise<Doc[]> {
    const filter = parseFilter(query);
    const sort = parseSort(query);
    const limit = parseLimit(query.limit, this.settings.maxLimit);
    const skip = parseSkip(query.skip);
    const fields = parseFields(query.fields);
    const docs = await this.readModel.find(collection, filter, { sort, limit, skip });
    return docs.map((d) => project(toV3Document(collection, d), fields));
  }

  /** The document (404 when unknown, 410 when soft-deleted) and its modification time. */
  async read(collection: V3CollectionName, identifier: string, fieldsParam: unknown): Promise<{ doc: Doc; modified?: number }> {
    const stored = await this.stores.get(collection).findOne(findOneFilter(identifier), { sort: IDENTIFIED_FIRST });
    if (!stored) throw v3Error(404);
    if (stored.isValid === false) throw v3Error(410);
    const doc = toV3Document(collection, stored);
    return { doc: project(doc, parseFields(fieldsParam)), modified: doc.srvModified as number | undefined };
  }

  /** The start of a history page: a path timestamp (docs/protocol/api-v3.md §7.2 rules) or the `Last-Modified` request header. */
  historyStart(pathTimestamp: string | undefined, header: string | undefined): HistoryStart {
    if (pathTimestamp !== undefined) {
      const parsed = parseDate(pathTimestamp);
      if (!parsed) throw v3Error(400, V3_MESSAGES.badLastModified);
      return { after: parsed.ms };
    }
    const ms = headerDate(header);
    // The reference compares against NaN for an unparseable header; 400 is what a client can act on.
    if (ms === undefined) throw v3Error(400, V3_MESSAGES.badLastModified);
    return { from: floorToSeconds(ms) };
  }

  /** Changes since `start` by `srvModified`, soft deletions included; the newest `srvModified` with them. */
  async history(collection: V3CollectionName, start: HistoryStart, query: Record<string, unknown>): Promise<{ docs: Doc[]; lastModified?: number }> {
    const limit = parseLimit(query.limit, this.settings.maxLimit);
    const fields = parseFields(query.fields);
    const filter: DocumentFilter = { srvModified: 'after' in start ? { $gt: start.after } : { $gte: start.from } };
    const docs = (await this.readModel.find(collection, filter, { sort: { srvModified: 1 }, limit })).map((d) => toV3Document(collection, d));
    const lastModified = docs.length > 0 ? Math.max(...docs.map((d) => d.srvModified as number)) : undefined;
    return { docs: docs.map((d) => project(d, fields)), lastModified };
  }

  /** Per readable collection: the newest of `srvModified` and the collection's own date field. */
  async lastModified(auth: Authorization): Promise<Partial<Record<V3CollectionName, number>>> {
    const result: Partial<Record<V3CollectionName, number>> = {};
    for (const collection of V3_COLLECTIONS) {
      if (!grants(auth, apiPermission(collection, 'read'))) continue;
      const fallback = COLLECTION_DATES[collection].fallbackDate;
      const newest = await Promise.all([this.newest(collection, 'srvModified'), fallback ? this.newest(collection, fallback) : undefined]);
      const value = Math.max(...newest.map((v) => v ?? 0));
      if (value > 0) result[collection] = value;
    }
    return result;
  }

  private async newest(collection: V3CollectionName, field: string): Promise<number | undefined> {
    const [doc] = await this.readModel.find(collection, { [field]: { $exists: true } }, { sort: { [field]: -1 }, limit: 1 });
    return doc ? parseDate(doc[field])?.ms : undefined;
  }
}
