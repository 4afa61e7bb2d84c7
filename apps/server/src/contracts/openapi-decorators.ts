import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiOperation, ApiQuery, ApiResponse } from '@nestjs/swagger';
import { COMPONENT_REF, type SchemaObject } from './dto-schemas';

/**
 * Short decorators that describe a route for the OpenAPI document (contracts/openapi.ts): what it
 * answers with which status code, and the error bodies of each API. DTO schemas come from the
 * protocol's class-validator metadata, as the route validates with it.
 */

/** DTO classes the routes refer to: the document publishes their schemas under their class names. */
export const REFERENCED_DTOS = new Set<new () => object>();

export const dtoRef = (dto: new () => object): SchemaObject => {
  REFERENCED_DTOS.add(dto);
  return { $ref: COMPONENT_REF + dto.name };
};
export const componentRef = (name: keyof typeof SHARED_SCHEMAS): SchemaObject => ({ $ref: COMPONENT_REF + name });

/** Schemas of bodies that are not DTOs. */
export const SHARED_SCHEMAS = {
  NightscoutError: {
    type: 'object',
    description: 'The error body of API v1/v2 (docs/protocol/api-v1.md §2.3).',
    properties: { status: { type: 'integer' }, message: { type: 'string' }, description: { type: 'string' } },
    required: ['status', 'message'],
  },
  V3Error: {
    type: 'object',
    description: 'The error body of API v3; 404, 410 and 412 carry only `status` (docs/protocol/api-v3.md §6).',
    properties: { status: { type: 'integer' }, message: { type: 'string' } },
    required: ['status'],
  },
  RateLimited: {
    type: 'object',
    description: 'Over the HTTP rate limit (docs/rate-limits.md); `Retry-After` says when to try again.',
    properties: { status: { const: 429 }, message: { const: 'Too Many Requests' }, retryAfterMs: { type: 'integer' } },
    required: ['status', 'message', 'retryAfterMs'],
  },
  V3Document: {
    type: 'object',
    description: 'A document as API v3 shows it: never `_id`, always `identifier` and `srvModified`; every other field as stored.',
    properties: { identifier: { type: 'string' }, srvModified: { type: 'integer' }, srvCreated: { type: 'integer' }, date: { type: 'integer' }, utcOffset: { type: 'integer' }, app: { type: 'string' }, device: { type: 'string' }, subject: { type: 'string' }, isValid: { type: 'boolean' } },
    required: ['identifier', 'srvModified'],
  },
  DeleteResult: {
    type: 'object',
    description: 'What a v1 delete of entries, treatments or device status removed (docs/protocol/api-v1.md V1-Q13).',
    properties: { acknowledged: { const: true }, deletedCount: { type: 'integer' } },
    required: ['acknowledged', 'deletedCount'],
  },
} satisfies Record<string, SchemaObject>;

export interface Outcome {
  status: number;
  description: string;
  schema?: SchemaObject;
  /** Media types of the body; JSON when unset. */
  types?: readonly string[];
}

const JSON_TYPE = ['application/json'];

export const ok = (description: string, schema?: SchemaObject, types?: readonly string[]): Outcome => ({ status: 200, description, schema, types });
export const status = (code: number, description: string, schema?: SchemaObject): Outcome => ({ status: code, description, schema });
export const v1Error = (code: number, description: string): Outcome => ({ status: code, description, schema: componentRef('NightscoutError') });
export const v3Error = (code: number, description: string): Outcome => ({ status: code, description, schema: componentRef('V3Error') });
export const arrayOf = (items: SchemaObject): SchemaObject => ({ type: 'array', items });
export const oneOrMany = (item: SchemaObject): SchemaObject => ({ oneOf: [item, arrayOf(item)] });

const response = ({ status: code, description, schema, types = JSON_TYPE }: Outcome) =>
  ApiResponse({
    status: code,
    description,
    ...(schema || types !== JSON_TYPE ? { content: Object.fromEntries(types.map((t) => [t, { schema: t.includes('json') ? (schema ?? {}) : { type: 'string' } }])) } : {}),
  });

/**
 * One operation: a summary, the page of docs/protocol that describes it (`api-v1.md §5.2`), and
 * every outcome with its status code and body.
 */
export function Operation(summary: string, see: string | null, ...outcomes: Outcome[]): MethodDecorator {
  return applyDecorators(ApiOperation({ summary, ...(see ? { description: `See docs/protocol/${see}.` } : {}) }), ...outcomes.map(response));
}

export const JsonBody = (schema: SchemaObject, description?: string) => ApiBody({ schema, description, required: true });

/** The query of v1 lists: `find[...]` filters and `count`. */
export const V1ListQuery = () =>
  applyDecorators(
    ApiQuery({
      name: 'find',
      required: false,
      style: 'deepObject',
      explode: true,
      schema: { type: 'object', additionalProperties: true },
      description: '`find[field][$op]=value` filters: $eq, $ne, $gt, $gte, $lt, $lte, $in, $nin, $exists, $regex (docs/protocol/api-v1.md §4).',
    }),
    ApiQuery({ name: 'count', required: false, schema: { type: 'integer', minimum: 1 }, description: 'How many documents, newest first.' }),
  );
