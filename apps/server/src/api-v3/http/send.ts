import type { Request, Response } from 'express';
import { V3_MESSAGES } from '@nightscout/protocol';
import { toCsv } from './csv';
import { toXml } from './xml';
import { v3Error } from './v3-error';

/**
 * Writes a JSON body with `res.end`, not `res.send`: the reference turns Express's automatic ETag
 * off for API v3, and AndroidAPS reads `ETag` as the history position.
 */
export function sendJson(res: Response, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.status(status).set(headers).type('application/json').end(JSON.stringify(body));
}

export type OutputFormat = 'json' | 'csv' | 'xml';

const FORMAT_TYPES: Readonly<Record<OutputFormat, string>> = { json: 'application/json', csv: 'text/csv', xml: 'application/xml' };

/** The representation READ/SEARCH/HISTORY answer in (JSON also for `*∕*` or no Accept); 406 otherwise. */
export function outputFormat(req: Request): OutputFormat {
  const type = req.accepts(Object.values(FORMAT_TYPES));
  const format = (Object.keys(FORMAT_TYPES) as OutputFormat[]).find((f) => FORMAT_TYPES[f] === type);
  if (!format) throw v3Error(406, V3_MESSAGES.unsupportedFormat);
  return format;
}

/** Documents in the chosen format: JSON in the `{status, result}` envelope, CSV and XML bare. */
export function sendDocuments(res: Response, format: OutputFormat, result: Record<string, unknown> | Record<string, unknown>[], headers: Record<string, string> = {}): void {
  if (format === 'json') return sendJson(res, 200, { status: 200, result }, headers);
  const body = format === 'csv' ? toCsv(Array.isArray(result) ? result : [result]) : toXml(result);
  res.status(200).set(headers).type(FORMAT_TYPES[format]).end(body);
}
