import { applyDecorators } from '@nestjs/common';
import { ApiParam } from '@nestjs/swagger';
import { DOCUMENT_DTOS, type V1CollectionName } from '@nightscout/protocol';
import type { SchemaObject } from '../../contracts/dto-schemas';
import { JsonBody, Operation, V1ListQuery, arrayOf, componentRef, dtoRef, ok, oneOrMany, status, v1Error } from '../../contracts/openapi-decorators';

/** OpenAPI descriptions shared by the v1 collection controllers (their status codes and bodies). */

const SECTIONS: Readonly<Record<V1CollectionName, string>> = {
  entries: 'api-v1.md §5.1',
  treatments: 'api-v1.md §5.2',
  devicestatus: 'api-v1.md §5.3',
  profile: 'api-v1.md §5.4',
  food: 'api-v1.md §5.5',
  activity: 'api-v1.md §5.6',
};

const documents = (collection: V1CollectionName) => arrayOf(dtoRef(DOCUMENT_DTOS[collection]));
const badBody = v1Error(400, 'Bad request body: not a document, or a field of the wrong type or an unstorable key (the message says which)');
const badFind = v1Error(400, 'A `find` the query language does not accept');
const conflict = v1Error(409, 'Another document already has this `_id` or `identifier`');
const careportalOff = v1Error(404, 'careportal is disabled (`ENABLE` lacks `careportal`)');
/** Treatments and activity are careportal features. */
const careportal = (collection: V1CollectionName) => (collection === 'treatments' || collection === 'activity' ? [careportalOff] : []);

export const ListDocuments = (collection: V1CollectionName, summary = `List ${collection}, newest first`) =>
  applyDecorators(V1ListQuery(), Operation(summary, SECTIONS[collection], ok(`The ${collection}`, documents(collection)), badFind));

export const CreateDocuments = (collection: V1CollectionName) =>
  applyDecorators(
    JsonBody(oneOrMany(dtoRef(DOCUMENT_DTOS[collection])), 'One document or an array'),
    Operation(`Store ${collection}`, SECTIONS[collection], ok('The stored documents, `_id` as 24-hex strings', documents(collection)), badBody, conflict, ...careportal(collection)),
  );

export const UpdateDocument = (collection: V1CollectionName, body = dtoRef(DOCUMENT_DTOS[collection])) =>
  applyDecorators(
    JsonBody(body),
    Operation(`Replace a ${collection} document (upsert)`, SECTIONS[collection], ok('The stored document', dtoRef(DOCUMENT_DTOS[collection])), badBody, conflict, ...careportal(collection)),
  );

const ID = ApiParam({ name: 'id', description: 'The `_id` of the document' });
/** Entries, treatments and device status: any id form (24-hex, UUID), `*` for what `find` matches, and the count deleted. */
const COUNTED: readonly V1CollectionName[] = ['entries', 'treatments', 'devicestatus'];

export const DeleteById = (collection: V1CollectionName) =>
  applyDecorators(
    ID,
    Operation(
      `Delete a ${collection} document`,
      SECTIONS[collection],
      COUNTED.includes(collection) ? ok('What was deleted', componentRef('DeleteResult')) : ok('Deleted', { type: 'object' }),
      COUNTED.includes(collection) ? badFind : v1Error(400, 'Invalid _id format: not a 24-hex string'),
      v1Error(404, 'No such id'),
      ...careportal(collection),
    ),
  );

export const DeleteByFind = (collection: V1CollectionName) =>
  applyDecorators(
    V1ListQuery(),
    Operation(`Delete the ${collection} that \`find\` matches`, SECTIONS[collection], ok('What was deleted', componentRef('DeleteResult')), v1Error(400, 'No `find` (a DELETE needs a filter), or one the query language does not accept'), ...careportal(collection)),
  );

/** Food PUT takes one document or several and always answers with an array (docs/protocol/api-v1.md §5.5). */
export const UpdateFoods = () =>
  applyDecorators(
    JsonBody(oneOrMany(dtoRef(DOCUMENT_DTOS.food))),
    Operation('Replace foods (upsert by `_id`)', SECTIONS.food, ok('The stored documents', documents('food')), badBody, v1Error(400, 'Invalid _id format: not a 24-hex string'), conflict),
  );

export const CurrentProfile = () =>
  Operation('The newest profile store', SECTIONS.profile, ok('The profile store, or `null` when there is none', { oneOf: [dtoRef(DOCUMENT_DTOS.profile), { type: 'null' }] }));

const ENTRY_TYPES = ['application/json', 'text/tab-separated-values', 'text/csv', 'text/plain'];
const entriesOk = ok('The entries, newest first: tab-separated text unless JSON is asked for (`Accept: application/json` or a `.json` suffix)', documents('entries'), ENTRY_TYPES);
const notModified = status(304, 'Nothing newer than `If-Modified-Since`');
const SPEC = ApiParam({ name: 'spec', description: 'A 24-hex `_id`, or a type (`sgv`, `mbg`, `cal`; `*` for all)' });

export const ListEntries = (summary: string) => applyDecorators(V1ListQuery(), Operation(summary, SECTIONS.entries, entriesOk, notModified, badFind));

export const EntriesBySpec = () => applyDecorators(SPEC, V1ListQuery(), Operation('One entry by `_id`, or the entries of a type', SECTIONS.entries, entriesOk, notModified, badFind, v1Error(404, 'No such id')));

export const CreateEntries = (summary: string, answer: string) =>
  applyDecorators(
    JsonBody(oneOrMany(dtoRef(DOCUMENT_DTOS.entries)), 'One entry (with `date`) or an array'),
    Operation(summary, SECTIONS.entries, ok(answer, documents('entries')), v1Error(400, 'Bad request body: a single entry without `date`, a field of the wrong type or an unstorable key'), conflict),
  );

export const DeleteEntries = () =>
  applyDecorators(
    SPEC,
    V1ListQuery(),
    Operation('Delete an entry by `_id`, or the entries of a type that `find` matches', SECTIONS.entries, ok('What was deleted', componentRef('DeleteResult')), badFind, v1Error(404, 'No such id')),
  );

/** The entries router's search and debug routes: entries in any of their formats, or a JSON body. */
export const EntriesSearch = (summary: string, answer: string, result: 'entries' | SchemaObject) =>
  applyDecorators(
    V1ListQuery(),
    Operation(
      summary,
      SECTIONS.entries,
      result === 'entries' ? ok(answer, documents('entries'), ENTRY_TYPES) : ok(answer, result),
      v1Error(400, 'An unknown storage, a field name or pattern the query language does not accept'),
    ),
  );
