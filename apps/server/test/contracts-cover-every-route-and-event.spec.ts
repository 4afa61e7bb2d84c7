import SwaggerParser from '@apidevtools/swagger-parser';
import { load } from 'js-yaml';
import type { OpenAPIV3_1 } from 'openapi-types';
import { buildAsyncApiDocument } from '../src/contracts/asyncapi';
import { documentedOperation } from './support/contracts';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { startTestServer, type TestServer } from './support/test-server';

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

interface Layer {
  route?: { path: string; methods: Record<string, boolean> };
}

/** Routes that are not operations of an API, each for a reason. */
const NOT_API_ROUTES = [
  // The Swagger UI's own page and assets.
  /^\/api-docs/,
  // The API v3 catch-all (`@All`) answering 404 for unknown collections: each v3 operation documents that 404.
  /^\/api\/v3(\/\*path)?$/,
  // The web app's static files (apps/server/src/web), middleware on every path outside /api.
  /^\/\{\*path\}$/,
];

/**
 * The routes the server really answers, from Express's router (where Nest registers every
 * controller route and route-bound middleware), as `METHOD /path/{param}`.
 */
function serverRoutes(server: TestServer): string[] {
  const stack = (server.app.getHttpAdapter().getInstance() as { router: { stack: Layer[] } }).router.stack;
  return stack
    .flatMap((layer) => (layer.route ? Object.keys(layer.route.methods).map((m) => [m, layer.route!.path] as const) : []))
    .filter(([, path]) => !NOT_API_ROUTES.some((re) => re.test(path)))
    .map(([method, path]) => `${method.toUpperCase()} ${path.replace(/:(\w+)/g, '{$1}')}`);
}

const documentedRoutes = (document: OpenAPIV3_1.Document): string[] =>
  Object.entries(document.paths ?? {}).flatMap(([path, item]) => METHODS.filter((m) => item?.[m]).map((m) => `${m.toUpperCase()} ${path}`));

describe('the contract documents, served by the server, cover every route and event', () => {
  let server: TestServer;
  let openApi: OpenAPIV3_1.Document;
  beforeAll(async () => {
    server = await startTestServer();
    openApi = (await (await server.fetch('/api/openapi.json')).json()) as OpenAPIV3_1.Document;
  });
  afterAll(() => server.close());

  it('serves a valid OpenAPI 3.1 document at /api/openapi.json', async () => {
    expect(openApi.openapi).toBe('3.1.0');
    await SwaggerParser.validate(structuredClone(openApi) as never);
  });

  it('documents every route the server answers, and no route it does not', () => {
    const routes = serverRoutes(server);
    expect(routes.length).toBeGreaterThan(100);
    expect(documentedRoutes(openApi).sort()).toEqual([...new Set(routes)].sort());
  });

  it('gives every operation a summary, its responses, and every guarded one its permissions and 401', () => {
    for (const [path, item] of Object.entries(openApi.paths ?? {})) {
      for (const method of METHODS.filter((m) => item?.[m])) {
        const operation = item![method]! as OpenAPIV3_1.OperationObject & { 'x-permissions'?: string[] };
        const codes = Object.keys(operation.responses ?? {});
        // A route added without its @Operation has no summary.
        // Health probes and metrics are not rate limited: no 429.
        const described = { summary: !!operation.summary, ok: codes.some((c) => /^[23]/.test(c)), limited: codes.includes('429') || operation.tags?.[0] === 'Operations' };
        expect({ route: `${method} ${path}`, ...described }).toEqual({ route: `${method} ${path}`, summary: true, ok: true, limited: true });
        if (operation['x-permissions']) expect({ route: `${method} ${path}`, unauthorized: codes.includes('401') }).toEqual({ route: `${method} ${path}`, unauthorized: true });
      }
    }
  });

  it('answers with the status codes its OpenAPI document lists, errors included', async () => {
    const token = await createSubject(server, 'reader', ['readable']);
    const jwt = ((await (await server.fetch(`/api/v2/authorization/request/${token}`)).json()) as { token: string }).token;
    const bearer = { authorization: `Bearer ${jwt}` };
    const missing = '5f0c3a1b2c3d4e5f6a7b8c9d';
    const requests: [string, string, RequestInit & { json?: unknown }][] = [
      ['POST', '/api/v1/treatments', { json: { eventType: 'Note' } }],
      ['POST', '/api/v1/treatments', { headers: ADMIN_HEADERS, json: { eventType: 'Note', carbs: 'lots' } }],
      ['POST', '/api/v1/entries', { headers: ADMIN_HEADERS, json: { type: 'sgv', sgv: 120 } }],
      ['DELETE', '/api/v1/devicestatus', { headers: ADMIN_HEADERS }],
      ['DELETE', `/api/v1/treatments/${missing}`, { headers: ADMIN_HEADERS }],
      ['DELETE', '/api/v1/food/not-hex', { headers: ADMIN_HEADERS }],
      ['GET', `/api/v1/entries/${missing}`, {}],
      ['GET', '/api/v1/entries.json?find[$where]=1', {}],
      ['GET', '/api/v1/status.json', {}],
      ['GET', '/api/v1/status', { headers: { accept: 'image/png' }, redirect: 'manual' }],
      ['GET', '/api/v1/notifications/ack?level=9', { headers: ADMIN_HEADERS }],
      ['POST', '/api/v2/authorization/subjects', { headers: ADMIN_HEADERS, json: { name: 'parent', roles: ['admin'] } }],
      ['POST', '/api/v2/authorization/roles', { headers: ADMIN_HEADERS, json: { name: 1 } }],
      ['GET', '/api/v2/authorization/request/nobody-0123456789abcdef', {}],
      ['GET', '/api/v2/ddata/at/yesterday', {}],
      ['GET', '/api/v3/entries', {}],
      ['GET', '/api/v3/entries?limit=0', { headers: bearer }],
      ['GET', '/api/v3/settings', { headers: bearer }],
      ['GET', '/api/v3/nothing', { headers: bearer }],
      ['GET', '/api/v3/entries/no-such-document', { headers: bearer }],
      ['GET', '/api/v3/entries', { headers: { ...bearer, accept: 'image/png' } }],
      ['POST', '/api/v3/treatments', { headers: bearer, json: { eventType: 'Note' } }],
    ];
    const undocumented: string[] = [];
    const seen = new Set<number>();
    for (const [method, path, init] of requests) {
      const status = (await server.fetch(path, { ...init, method })).status;
      seen.add(status);
      const found = documentedOperation(openApi, method, path);
      if (!found || !Object.keys(found.operation.responses ?? {}).includes(String(status))) undocumented.push(`${method} ${path} → ${status} (${found?.template ?? 'no operation'})`);
    }
    expect(undocumented).toEqual([]);
    // The requests reach the error paths they are meant to.
    expect([...seen].sort()).toEqual([200, 201, 302, 400, 401, 403, 404, 406]);
  });

  it('answers the reference\'s /api/v3/swagger.json and swagger.yaml with the API v3 part', async () => {
    const json = (await (await server.fetch('/api/v3/swagger.json')).json()) as OpenAPIV3_1.Document;
    const v3Paths = Object.entries(openApi.paths ?? {}).filter(([path]) => path.startsWith('/api/v3'));
    expect(v3Paths.length).toBeGreaterThan(5);
    expect(json).toEqual({ ...openApi, info: { ...openApi.info, title: 'Nightscout API v3' }, paths: Object.fromEntries(v3Paths) });
    const yaml = await server.fetch('/api/v3/swagger.yaml');
    expect(yaml.headers.get('content-type')).toMatch(/yaml/);
    expect(load(await yaml.text())).toEqual(json);
  });

  it('serves the interactive UI at /api-docs from local assets only', async () => {
    const html = await (await server.fetch('/api-docs')).text();
    const assets = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map(([, url]) => url);
    expect(assets.length).toBeGreaterThan(2);
    expect(assets.filter((url) => /^(https?:)?\/\//.test(url))).toEqual([]);
    for (const asset of assets) expect({ asset, status: (await server.fetch(new URL(asset, `${server.url}/api-docs`).pathname)).status }).toEqual({ asset, status: 200 });
    const init = await (await server.fetch('/api-docs/swagger-ui-init.js')).text();
    expect(init).toContain('"/api/v3/{collection}"');
    expect(init).not.toMatch(/https?:\/\/(?!localhost)[a-z]/i);
  });

  // src/contracts/asyncapi.spec.ts validates the document and its coverage of libs/protocol.
  it('serves the AsyncAPI document of this server\'s configuration at /api/asyncapi.json', async () => {
    const res = await server.fetch('/api/asyncapi.json');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(buildAsyncApiDocument(server.config.rateLimits));
  });
});
