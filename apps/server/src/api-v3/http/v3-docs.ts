import { applyDecorators } from '@nestjs/common';
import { ApiExtension, ApiParam, ApiQuery } from '@nestjs/swagger';
import { V3_COLLECTIONS, V3_MESSAGES, type ApiAction } from '@nightscout/protocol';
import type { SchemaObject } from '../../contracts/dto-schemas';
import { JsonBody, Operation, arrayOf, componentRef, ok, status, v3Error, type Outcome } from '../../contracts/openapi-decorators';

/** OpenAPI descriptions of API v3's operations: their status codes and `{status, ...}` bodies (docs/protocol/api-v3.md §6). */

const envelope = (result: SchemaObject): SchemaObject => ({ type: 'object', properties: { status: { const: 200 }, result }, required: ['status', 'result'] });
const DOCUMENT = componentRef('V3Document');
const FORMATS = ['application/json', 'text/csv', 'application/xml'];
const notFound = v3Error(404, 'No such document (body `{status: 404}`), or `Bad operation or collection`');
const gone = v3Error(410, 'The document was deleted (soft delete)');
const changed = v3Error(412, 'The document changed after `If-Unmodified-Since`');
const readOnly = v3Error(422, V3_MESSAGES.readOnly);
const badBody = v3Error(400, `${V3_MESSAGES.badBody}, a missing or bad identifier, date, utcOffset or app field, or an immutable field changed`);
const WRITTEN = { type: 'object', properties: { status: { const: 200 }, lastModified: { type: 'integer' } }, required: ['status'] };

/** The permission of an operation on `{collection}` (SEARCH and HISTORY of settings need admin). */
const permission = (action: ApiAction | 'list') =>
  ApiExtension('x-permissions', [action === 'list' ? 'api:{collection}:read (settings: api:settings:admin)' : `api:{collection}:${action}`]);

const COLLECTION = ApiParam({ name: 'collection', schema: { enum: [...V3_COLLECTIONS] } });
const IDENTIFIER = ApiParam({ name: 'identifier', description: 'The document\'s `identifier` (or its legacy `_id`)' });

/** An operation of a collection: the collection check, the JWT and the permission come first. */
const collectionOperation = (summary: string, see: string, action: ApiAction | 'list', ...outcomes: Outcome[]) =>
  applyDecorators(
    COLLECTION,
    permission(action),
    Operation(
      summary,
      see,
      ...outcomes,
      v3Error(401, `${V3_MESSAGES.missingToken} / ${V3_MESSAGES.badToken}`),
      v3Error(403, V3_MESSAGES.missingPermission(`api:{collection}:${action === 'list' ? 'read' : action}`)),
    ),
  );

const LIST_QUERY = [
  ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1 }, description: 'At most `API3_MAX_LIMIT` (1000); 1000 by default' }),
  ApiQuery({ name: 'skip', required: false, schema: { type: 'integer', minimum: 0 } }),
  ApiQuery({ name: 'sort', required: false, description: 'Field to sort ascending by' }),
  ApiQuery({ name: 'sort$desc', required: false, description: 'Field to sort descending by (not with `sort`)' }),
  ApiQuery({ name: 'fields', required: false, description: 'Comma-separated fields to return, or `_all`' }),
];

export const V3Search = () =>
  applyDecorators(
    ...LIST_QUERY,
    collectionOperation(
      'SEARCH: documents matching `<field>$<op>=<value>` filters (eq, ne, gt, gte, lt, lte, in, nin, re)',
      'api-v3.md §8.1',
      'list',
      ok('`{status: 200, result: [documents]}`, or bare CSV or XML', envelope(arrayOf(DOCUMENT)), FORMATS),
      v3Error(400, `${V3_MESSAGES.badLimit}, ${V3_MESSAGES.badSkip}, ${V3_MESSAGES.sortCombined} or an unsupported filter operator`),
      notFound,
      v3Error(406, V3_MESSAGES.unsupportedFormat),
    ),
  );

export const V3Create = () =>
  applyDecorators(
    JsonBody(DOCUMENT, 'The document: `date` (or `created_at`), `app` and `utcOffset` as API v3 requires; `identifier` to deduplicate by'),
    collectionOperation(
      'CREATE: store a document, or replace its duplicate (same identifier, or same date and type)',
      'api-v3.md §8.2',
      'create',
      status(201, 'Created: `{status: 201, identifier, lastModified}`', { type: 'object', properties: { status: { const: 201 }, identifier: { type: 'string' }, lastModified: { type: 'integer' } } }),
      ok('Deduplicated: `{status: 200, identifier, lastModified, isDeduplication: true, deduplicatedIdentifier?}`', {
        type: 'object',
        properties: { status: { const: 200 }, identifier: { type: 'string' }, lastModified: { type: 'integer' }, isDeduplication: { const: true }, deduplicatedIdentifier: { type: 'string' } },
      }),
      badBody,
      notFound,
      gone,
      readOnly,
    ),
  );

export const V3History = () =>
  applyDecorators(
    ApiParam({ name: 'lastModified', description: 'Epoch ms (else the `Last-Modified` header); documents changed after it, oldest first' }),
    ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1 } }),
    ApiQuery({ name: 'fields', required: false }),
    collectionOperation(
      'HISTORY: documents changed (deleted ones included) since a time, for incremental sync',
      'api-v3.md §8.7',
      'list',
      ok('`{status: 200, result: [documents]}` with `Last-Modified` and `ETag: W/"<srvModified>"` of the newest', envelope(arrayOf(DOCUMENT)), FORMATS),
      status(304, 'Nothing changed (`If-None-Match` / `If-Modified-Since`)'),
      v3Error(400, V3_MESSAGES.badLastModified),
      notFound,
      v3Error(406, V3_MESSAGES.unsupportedFormat),
    ),
  );

export const V3Read = () =>
  applyDecorators(
    IDENTIFIER,
    ApiQuery({ name: 'fields', required: false }),
    collectionOperation(
      'READ: one document',
      'api-v3.md §8.3',
      'read',
      ok('`{status: 200, result: document}` with `Last-Modified`', envelope(DOCUMENT), FORMATS),
      status(304, 'Not modified since `If-Modified-Since`'),
      notFound,
      gone,
      v3Error(406, V3_MESSAGES.unsupportedFormat),
    ),
  );

export const V3Update = () =>
  applyDecorators(
    IDENTIFIER,
    JsonBody(DOCUMENT),
    collectionOperation(
      'UPDATE: replace a document, or create it under this identifier',
      'api-v3.md §8.4',
      'update',
      ok('Replaced', WRITTEN),
      status(201, 'Created: `{status: 201, identifier, lastModified}`', { type: 'object' }),
      badBody,
      notFound,
      gone,
      changed,
      readOnly,
    ),
  );

export const V3Patch = () =>
  applyDecorators(IDENTIFIER, JsonBody({ type: 'object' }, 'The fields to set'), collectionOperation('PATCH: set fields of a document', 'api-v3.md §8.5', 'update', ok('Patched', WRITTEN), badBody, notFound, gone, changed, readOnly));

export const V3Delete = () =>
  applyDecorators(
    IDENTIFIER,
    ApiQuery({ name: 'permanent', required: false, schema: { enum: ['true'] }, description: '`true`: remove the document instead of marking it `isValid: false`' }),
    collectionOperation('DELETE: delete a document (soft unless `permanent=true`)', 'api-v3.md §8.6', 'delete', ok('Deleted', WRITTEN), notFound, readOnly),
  );

const AUTH_ERROR = v3Error(401, `${V3_MESSAGES.missingToken} / ${V3_MESSAGES.badToken}`);

export const V3Status = () =>
  Operation('STATUS: versions and the caller\'s permissions per collection (`crud` letters)', 'api-v3.md §8.9', ok('`{status: 200, result: {version, apiVersion, srvDate, storage, apiPermissions}}`', envelope({ type: 'object' })), AUTH_ERROR);

export const V3LastModified = () =>
  Operation('LAST MODIFIED: the newest change per readable collection', 'api-v3.md §8.10', ok('`{status: 200, result: {srvDate, collections}}`', envelope({ type: 'object' })), AUTH_ERROR);
