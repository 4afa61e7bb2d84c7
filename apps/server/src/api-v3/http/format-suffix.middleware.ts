import { V3_MESSAGES } from '@nightscout/protocol';
import type { NextFunction, Request, Response } from 'express';
import { sendJson } from './send';

/** A Map: the suffix comes from the URL (`entries.constructor` must not find `Object`). */
const SUFFIX_TYPES: ReadonlyMap<string, string> = new Map([['json', 'application/json'], ['csv', 'text/csv'], ['xml', 'application/xml']]);

const SUFFIX = /\.([^./]*)$/;
/** The reference's own swagger file (contracts/contracts.controller.ts serves ours there): a file name, not a format. */
const SWAGGER_FILE = /^\/api\/v3\/swagger\.(json|yaml)$/;

/**
 * `/api/v3/entries.csv` → `/api/v3/entries` with `Accept: text/csv`, for every v3 request as in the
 * reference (docs/protocol/api-v3.md §11). Any other extension is 406: identifiers cannot contain a dot.
 */
export function v3FormatSuffix(req: Request, res: Response, next: NextFunction): void {
  const at = req.url.indexOf('?');
  const [path, query] = at < 0 ? [req.url, ''] : [req.url.slice(0, at), req.url.slice(at)];
  const match = SWAGGER_FILE.test(path) ? null : SUFFIX.exec(path);
  if (!match) return next();
  const type = SUFFIX_TYPES.get(match[1].toLowerCase());
  if (!type) return sendJson(res, 406, { status: 406, message: V3_MESSAGES.unsupportedFormat });
  req.url = path.slice(0, -match[0].length) + query;
  req.headers.accept = type;
  next();
}
