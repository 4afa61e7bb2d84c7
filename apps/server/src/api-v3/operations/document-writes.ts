import { HttpException, Inject, Injectable } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { V3_MESSAGES, apiPermission, type V3CollectionName } from '@nightscout/protocol';
import type { Authorization } from '../../auth/auth.service';
import { grants } from '../../auth/auth.service';
import { StoreRegistry } from '../../storage/store-registry';
import type { StoredDocument } from '../../storage/stored-document';
import { CreateDocumentsCommand, DeleteDocumentsCommand, PatchDocumentCommand, ReplaceDocumentCommand } from '../../writes';
import { callerName, demand } from '../http/v3-auth.guard';
import { v3Error } from '../http/v3-error';
import { floorToSeconds, headerDate, httpDate } from '../model/dates';
import { assertImmutableFieldsKept, assertValidFields, assertValidIdentifier, assertWritable } from '../model/document-rules';
import { normaliseDuration } from '../model/duration';
import { calculateIdentifier } from '../model/identifier';
import { IDENTIFIED_FIRST, dedupFilter, findOneFilter, identifierOf, identifyingFilter, toV3Document } from '../model/legacy-fallback';
import { normaliseDates } from '../model/normalise-dates';
import { V3_SETTINGS, type V3Settings } from '../v3-settings';
import type { V3Reply } from './v3-reply';

type Doc = Record<string, unknown>;

const ENTRY_POINT = 'api-v3';

const location = (collection: string, identifier: string) => `/api/v3/${collection}/${encodeURIComponent(identifier)}`;

/** A write body must be a non-empty JSON object. */
function requireBody(body: unknown): Doc {
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length === 0) throw v3Error(400, V3_MESSAGES.badBody);
  return body as Doc;
}

/** The exception a check throws, or undefined when it passes. */
function failureOf(check: () => void): HttpException | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    if (error instanceof HttpException) return error;
    throw error;
  }
}

/**
 * CREATE, UPDATE, PATCH and DELETE (docs/protocol/api-v3.md §8.2–8.6): the v3 rules, then the write
 * commands, so v3 writes are stored and announced like every other write.
 */
@Injectable()
export class DocumentWrites {
  constructor(
    private readonly commands: CommandBus,
    private readonly stores: StoreRegistry,
    @Inject(V3_SETTINGS) private readonly settings: V3Settings,
  ) {}

  async create(collection: V3CollectionName, body: unknown, auth: Authorization): Promise<V3Reply> {
    const doc = this.normalised(body);
    if (!doc.identifier) doc.identifier = calculateIdentifier(doc);
    const canCreate = grants(auth, apiPermission(collection, 'create'));
    const invalid = failureOf(() => {
      assertValidIdentifier(doc.identifier);
      assertValidFields(doc);
    });
    // A non-string identifier cannot name a duplicate: this is an insert that fails.
    if (typeof doc.identifier !== 'string') {
      demand(auth, apiPermission(collection, 'create'));
      throw invalid!;
    }
    const dedup = dedupFilter(collection, doc, doc.identifier, this.settings.dedupFallbackEnabled);
    let existing: StoredDocument | null;
    // Inserting is only tried when it would be allowed; otherwise a duplicate decides which
    // errors apply (the replace path's 403/422/400 or the insert path's), as in the reference.
    if (canCreate && !invalid) {
      // Atomic on the unique identifier: of concurrent identical creates exactly one inserts.
      const [result] = await this.commands.execute(
        new CreateDocumentsCommand(collection, [{ doc: this.withSubject(doc, auth), dedup, onDuplicate: 'keep' }], ENTRY_POINT),
      );
      if (result.outcome === 'created') return this.inserted(collection, result.doc);
      existing = result.doc;
    } else {
      existing = await this.stores.get(collection).findOne(dedup, { sort: IDENTIFIED_FIRST });
      if (!existing) {
        demand(auth, apiPermission(collection, 'create'));
        throw invalid!;
      }
    }
    return this.deduplicate(collection, doc, existing, auth);
  }

  /** A re-posted document replaces the stored one (reviving it when soft-deleted). */
  private async deduplicate(collection: V3CollectionName, doc: Doc, existing: StoredDocument, auth: Authorization): Promise<V3Reply> {
    demand(auth, apiPermission(collection, 'update'));
    assertWritable(existing);
    assertImmutableFieldsKept(doc, existing, { exceptIdentifier: true });
    assertValidFields(doc);
    const replaced = await this.replace(collection, existing, doc, auth);
    const identifier = String(replaced.identifier);
    const previous = identifierOf(existing);
    return {
      status: 200,
      body: { status: 200, lastModified: replaced.srvModified, identifier, isDeduplication: true, ...(previous !== identifier ? { deduplicatedIdentifier: previous } : {}) },
      headers: { 'Last-Modified': httpDate(replaced.srvModified!), Location: location(collection, identifier) },
    };
  }

  async update(collection: V3CollectionName, identifier: string, body: unknown, auth: Authorization, ifUnmodifiedSince?: string): Promise<V3Reply> {
    const doc = { ...this.normalised(body), identifier };
    const existing = await this.stores.get(collection).findOne(identifyingFilter(identifier), { sort: IDENTIFIED_FIRST });
    if (existing) {
      if (existing.isValid === false) throw v3Error(410);
      this.assertUnmodifiedSince(collection, existing, ifUnmodifiedSince);
      demand(auth, apiPermission(collection, 'update'));
      assertWritable(existing);
      assertImmutableFieldsKept(doc, existing);
      assertValidFields(doc);
      const replaced = await this.replace(collection, existing, doc, auth);
      return { status: 200, body: { status: 200, lastModified: replaced.srvModified }, headers: { 'Last-Modified': httpDate(replaced.srvModified!) } };
    }
    demand(auth, apiPermission(collection, 'create'));
    assertValidFields(doc);
    const [result] = await this.commands.execute(
      new CreateDocumentsCommand(collection, [{ doc: this.withSubject(doc, auth), dedup: identifyingFilter(identifier), onDuplicate: 'keep' }], ENTRY_POINT),
    );
    // A concurrent PUT inserted first: this one is then an ordinary replace of that document, with its checks.
    return result.outcome === 'created' ? this.inserted(collection, result.doc) : this.update(collection, identifier, body, auth, ifUnmodifiedSince);
  }

  async patch(collection: V3CollectionName, identifier: string, body: unknown, auth: Authorization, ifUnmodifiedSince?: string): Promise<V3Reply> {
    const patch = requireBody(body);
    demand(auth, apiPermission(collection, 'update'));
    const existing = await this.stores.get(collection).findOne(identifyingFilter(identifier), { sort: IDENTIFIED_FIRST });
    if (!existing) throw v3Error(404);
    if (existing.isValid === false) throw v3Error(410);
    this.assertUnmodifiedSince(collection, existing, ifUnmodifiedSince);
    assertWritable(existing);
    assertImmutableFieldsKept(patch, existing);
    assertValidFields(patch, true);
    const modifiedBy = callerName(auth);
    const fields = { ...normaliseDuration(patch, existing), ...(modifiedBy ? { modifiedBy } : {}) };
    const patched = await this.commands.execute(new PatchDocumentCommand(collection, { _id: existing._id }, fields, ENTRY_POINT));
    if (!patched) throw v3Error(404);
    return { status: 200, body: { status: 200 }, headers: { 'Last-Modified': httpDate(patched.srvModified!) } };
  }

  async delete(collection: V3CollectionName, identifier: string, permanent: boolean, auth: Authorization): Promise<V3Reply> {
    demand(auth, apiPermission(collection, 'delete'));
    const existing = await this.stores.get(collection).findOne(findOneFilter(identifier), { sort: IDENTIFIED_FIRST });
    if (!existing) throw v3Error(404);
    assertWritable(existing);
    const affected = await this.commands.execute(
      new DeleteDocumentsCommand(collection, { _id: existing._id }, ENTRY_POINT, { permanent, limit: 1, modifiedBy: callerName(auth) }),
    );
    if (affected.length === 0) throw v3Error(404);
    return { status: 200, body: { status: 200 }, headers: {} };
  }

  /** `_id` is the database's: v3 never shows it, so a client's `_id` is dropped rather than stored. */
  private normalised(body: unknown): Doc {
    const { _id: _ignored, ...doc } = requireBody(body);
    return normaliseDates(doc, this.settings.createdAtFallbackEnabled);
  }

  private withSubject(doc: Doc, auth: Authorization): Doc {
    const subject = callerName(auth);
    return subject ? { ...doc, subject } : doc;
  }

  /** The replace of PUT and CREATE-dedup: the whole body, with durations normalised. */
  private async replace(collection: V3CollectionName, existing: StoredDocument, doc: Doc, auth: Authorization): Promise<StoredDocument> {
    const result = await this.commands.execute(
      new ReplaceDocumentCommand(collection, { _id: existing._id }, this.withSubject(normaliseDuration(doc), auth), ENTRY_POINT),
    );
    if (!result) throw v3Error(404);
    return result.doc;
  }

  private inserted(collection: V3CollectionName, doc: StoredDocument): V3Reply {
    const identifier = identifierOf(doc);
    return {
      status: 201,
      body: { status: 201, identifier, lastModified: doc.srvModified },
      headers: { 'Last-Modified': httpDate(doc.srvModified!), Location: location(collection, identifier) },
    };
  }

  /** 412 when the document changed after the second the client last saw. */
  private assertUnmodifiedSince(collection: V3CollectionName, existing: StoredDocument, header: string | undefined): void {
    const since = headerDate(header);
    const modified = toV3Document(collection, existing).srvModified;
    if (since !== undefined && typeof modified === 'number' && floorToSeconds(modified) > floorToSeconds(since)) throw v3Error(412);
  }
}
