import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { NIGHTSCOUT_VERSION } from '@nightscout/protocol';
import { dtoSchema } from './dto-schemas';
import { REFERENCED_DTOS, SHARED_SCHEMAS, componentRef } from './openapi-decorators';

type Parameter = { name: string; in: string; required?: boolean; schema?: unknown; description?: string };
type Operation = { tags?: string[]; security?: Record<string, string[]>[]; responses: Record<string, unknown>; parameters?: Parameter[] };
type PathItem = Record<string, Operation>;

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'];

const DESCRIPTION = `The REST APIs of Nightscout ${NIGHTSCOUT_VERSION} as this server speaks them: API v1 (also under \`/api/v2\`), the v2 authorization, properties, ddata and pebble routes, and API v3. Generated from the server's controllers; the socket channels are in \`/api/asyncapi.json\`.

- API v1 takes credentials as the \`api-secret\` header (the SHA-1 hex of \`API_SECRET\`), \`?secret=\`, \`?token=\` (an access token or a JWT) or \`Authorization: Bearer <JWT>\`; requests without them get the default roles (\`AUTH_DEFAULT_ROLES\`).
- v1 paths also answer with a format suffix (\`/api/v1/entries.json\`, \`.csv\`, \`.tsv\`, \`.txt\`), which sets the \`Accept\` header; entries answer tab-separated text unless JSON is asked for.
- API v3 takes only \`Authorization: Bearer <JWT>\`; get one from \`GET /api/v2/authorization/request/{accessToken}\`.
- Every API route is rate limited per client (\`RATE_LIMIT_READ_PER_MIN\`, \`RATE_LIMIT_WRITE_PER_MIN\`) and answers 429 past its budget.`;

/** The tag of a path: which API it belongs to. */
function tagOf(path: string): string {
  if (/^\/(health|metrics)\b/.test(path)) return 'Operations';
  if (/^\/api\/(asyncapi|openapi)|^\/api\/v3\/swagger\./.test(path)) return 'Contracts';
  if (path.startsWith('/api/v3')) return 'API v3';
  if (path.startsWith('/api/v2/authorization')) return 'Authorization';
  if (/^\/(api\/v2\/(properties|ddata)|pebble)/.test(path)) return 'Followers';
  if (path.startsWith('/api/v2')) return 'API v2 (API v1 mirror)';
  return 'API v1';
}

/**
 * Path parameters as the path has them: a method with several paths (optional segments) gets each
 * decorator on every path, and a route taking its parameters as one object (`@Param() params`) none.
 */
function declarePathParameters(path: string, operation: Operation): void {
  const inPath = [...path.matchAll(/\{(\w+)\}/g)].map(([, name]) => name);
  const parameters = (operation.parameters ?? []).filter((p) => p.in !== 'path' || inPath.includes(p.name));
  for (const name of inPath) {
    if (!parameters.some((p) => p.in === 'path' && p.name === name)) parameters.push({ name, in: 'path', required: true, schema: { type: 'string' } });
  }
  operation.parameters = parameters;
}

const V1_SECURITY: Record<string, string[]>[] = [{}, { 'api-secret': [] }, { token: [] }, { jwt: [] }];

/**
 * The OpenAPI 3.1 document of the server's routes, from its controllers (@nestjs/swagger) and the
 * protocol's DTOs. Works on an application that is not listening (or in Nest's preview mode).
 */
export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const config = new DocumentBuilder()
    .setTitle('Nightscout REST API')
    .setDescription(DESCRIPTION)
    .setVersion(NIGHTSCOUT_VERSION)
    .setOpenAPIVersion('3.1.0')
    .addSecurity('api-secret', { type: 'apiKey', in: 'header', name: 'api-secret', description: 'SHA-1 (or SHA-512) hex of API_SECRET (also accepted as `?secret=`).' })
    .addSecurity('token', { type: 'apiKey', in: 'query', name: 'token', description: 'A subject access token or a JWT (API v1 and v2).' })
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'A JWT from /api/v2/authorization/request/{accessToken}.' }, 'jwt')
    .build();
  const document = SwaggerModule.createDocument(app, config);

  for (const [path, item] of Object.entries(document.paths) as [string, PathItem][]) {
    const tag = tagOf(path);
    for (const method of METHODS.filter((m) => item[m])) {
      const operation = item[method];
      operation.tags = [tag];
      declarePathParameters(path, operation);
      // GET /api/v3/version needs no token (docs/protocol/api-v3.md §8.8).
      if (tag === 'API v3') operation.security ??= path === '/api/v3/version' ? [] : [{ jwt: [] }];
      else if (tag === 'Operations') operation.security ??= path === '/metrics' ? V1_SECURITY.slice(1) : [];
      else if (tag !== 'Contracts') operation.security ??= V1_SECURITY;
      // Health probes and metrics are never rate limited (docs/operations.md).
      if (tag !== 'Operations') operation.responses['429'] ??= { description: 'Over the rate limit', content: { 'application/json': { schema: componentRef('RateLimited') } } };
    }
  }
  const dtos = Object.fromEntries([...REFERENCED_DTOS].map((dto) => [dto.name, dtoSchema(dto)]));
  // Plain JSON Schema (OpenAPI 3.1's dialect), which @nestjs/swagger's 3.0-shaped types do not describe.
  const schemas = { ...document.components?.schemas, ...SHARED_SCHEMAS, ...dtos } as NonNullable<OpenAPIObject['components']>['schemas'];
  document.components = { ...document.components, schemas };
  return document;
}

/** The API v3 part, as the reference serves at /api/v3/swagger.json. */
export function v3Part(document: OpenAPIObject): OpenAPIObject {
  const paths = Object.fromEntries(Object.entries(document.paths).filter(([path]) => path.startsWith('/api/v3')));
  return { ...document, info: { ...document.info, title: 'Nightscout API v3' }, paths };
}
