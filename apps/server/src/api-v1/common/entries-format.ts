import type { Request, Response } from 'express';
import type { StoredDocument } from '../../storage/stored-document';
import { answeredNotModified, newestTime } from './responses';

const TEXT_FIELDS = ['dateString', 'date', 'sgv', 'direction', 'device'];

/** One line per entry, fields as JSON literals, missing fields empty, CRLF between lines (docs/protocol/api-v1.md §2.1). */
export function entriesAsText(entries: readonly StoredDocument[], separator: '\t' | ','): string {
  return entries.map((e) => TEXT_FIELDS.map((f) => (e[f] === undefined || e[f] === null ? '' : JSON.stringify(e[f]))).join(separator)).join('\r\n');
}

/**
 * Entries in the negotiated format, with the conditional-request handling. The reference offers text first, so a request without an
 * Accept header (or with `*` / `*`) gets tab-separated text: clients must ask for JSON (docs/protocol/api-v1.md V1-Q2).
 */
export function sendEntries(req: Request, res: Response, entries: readonly StoredDocument[]): void {
  if (answeredNotModified(req, res, newestTime(entries, (e) => e.date ?? e.sysTime))) return;
  res.format({
    'text/plain': () => res.type('text/plain').send(entriesAsText(entries, '\t')),
    'text/tab-separated-values': () => res.type('text/tab-separated-values').send(entriesAsText(entries, '\t')),
    'text/csv': () => res.type('text/csv').send(entriesAsText(entries, ',')),
    'application/json': () => res.json(entries),
    default: () => res.json(entries),
  });
}
