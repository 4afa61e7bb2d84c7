import type { OpenAPIV3_1 } from 'openapi-types';
import { readContract } from './site';

export type Operation = OpenAPIV3_1.OperationObject & { 'x-permissions'?: string[] };
export interface RestOperation {
  method: string;
  path: string;
  operation: Operation;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
/** The v1 mirror under /api/v2 is not listed twice: the API v1 page says so. */
export const MIRROR_TAG = 'API v2 (API v1 mirror)';

export const openApi = (): OpenAPIV3_1.Document => readContract<OpenAPIV3_1.Document>('openapi.json');

export const tagSlug = (tag: string) => tag.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');

/** Every operation of the document, in path order. */
export function operations(document: OpenAPIV3_1.Document): RestOperation[] {
  return Object.entries(document.paths ?? {}).flatMap(([path, item]) =>
    METHODS.filter((m) => item?.[m]).map((method) => ({ method, path, operation: item![method] as Operation })),
  );
}

/** The tags with a page, in document order. */
export const restTags = (document: OpenAPIV3_1.Document): string[] =>
  [...new Set(operations(document).map((o) => o.operation.tags?.[0] ?? 'Other'))].filter((t) => t !== MIRROR_TAG);

export const operationAnchor = ({ method, path }: RestOperation) => `${method}-${path}`.replace(/[^a-z0-9]+/gi, '-').replace(/-$/, '');
