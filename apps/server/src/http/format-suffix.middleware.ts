import type { NextFunction, Request, Response } from 'express';

/** Suffixes v1 turns into an Accept header before routing (docs/protocol/api-v1.md §2.1). */
const SUFFIX_TYPES: Readonly<Record<string, string>> = {
  json: 'application/json',
  csv: 'text/csv',
  tsv: 'text/tab-separated-values',
  txt: 'text/plain',
  html: 'text/html',
  svg: 'image/svg+xml',
  png: 'image/png',
  js: 'application/javascript',
};

const V1_PATH = /^\/api\/v[12]\//i;
const SUFFIX = /\.(json|csv|tsv|txt|html|svg|png|js)$/i;

/** `/api/v1/entries/sgv.json` → `/api/v1/entries/sgv` with `Accept: application/json`. */
export function formatSuffix(req: Request, _res: Response, next: NextFunction): void {
  const [path, query] = splitUrl(req.url);
  const match = V1_PATH.test(path) ? SUFFIX.exec(path) : null;
  if (match) {
    req.url = path.slice(0, -match[0].length) + query;
    req.headers.accept = SUFFIX_TYPES[match[1].toLowerCase()];
  }
  next();
}

function splitUrl(url: string): [string, string] {
  const at = url.indexOf('?');
  return at < 0 ? [url, ''] : [url.slice(0, at), url.slice(at)];
}
