import type { Request, Response } from 'express';
import { nightscoutError } from '../../http/nightscout-error';
import type { StoredDocument } from '../../storage/stored-document';

/** The delete result of entries, treatments and device status (docs/protocol/api-v1.md V1-Q13). */
export const deleteResult = (deleted: readonly StoredDocument[]) => ({ acknowledged: true, deletedCount: deleted.length });

export const notFound = (what: string) => nightscoutError(404, 'Not found', what);

/**
 * Sets `Last-Modified` to the newest document time and answers 304 when the client's
 * `If-Modified-Since` is not older (docs/protocol/api-v1.md §2.4). Returns true when the 304 was sent.
 */
export function answeredNotModified(req: Request, res: Response, newestMs: number | undefined): boolean {
  if (newestMs === undefined || !Number.isFinite(newestMs)) return false;
  res.setHeader('Last-Modified', new Date(newestMs).toUTCString());
  const since = Date.parse(req.headers['if-modified-since'] ?? '');
  // HTTP dates have whole seconds.
  if (Number.isNaN(since) || Math.floor(newestMs / 1000) * 1000 > since) return false;
  res.status(304).json({ status: 304, message: 'Not modified', type: 'internal' });
  return true;
}

/** The newest of a time field over documents, in epoch ms (ISO strings and numbers both counted). */
export function newestTime(docs: readonly StoredDocument[], field: (doc: StoredDocument) => unknown): number | undefined {
  let newest: number | undefined;
  for (const doc of docs) {
    const value = field(doc);
    const ms = typeof value === 'number' ? value : typeof value === 'string' ? Date.parse(value) : NaN;
    if (Number.isFinite(ms) && (newest === undefined || ms > newest)) newest = ms;
  }
  return newest;
}

/** A JSON list with the conditional-request handling of treatments and activity. */
export function sendDatedList(req: Request, res: Response, docs: readonly unknown[], newestMs: number | undefined): void {
  if (!answeredNotModified(req, res, newestMs)) res.json(docs);
}
