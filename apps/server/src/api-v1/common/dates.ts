/** Date parsing shared by `find[...]` and storage normalisation (docs/protocol/api-v1.md §4.3, §6). */

const OFFSET = /(Z|[+-]\d{2}:?\d{2})$/i;
const LOCAL_DATE_TIME = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/;
const NUMERIC = /^-?\d+(\.\d+)?$/;

export const isNumericString = (value: string): boolean => NUMERIC.test(value.trim());

/** Parses an ISO-8601 (or other `Date.parse`-able) text; a date-time without an offset is UTC, not server-local. */
export function parseDateText(text: string): Date | undefined {
  const trimmed = text.trim();
  if (!trimmed) return undefined;
  const ms = Date.parse(LOCAL_DATE_TIME.test(trimmed) ? `${trimmed.replace(' ', 'T')}Z` : trimmed);
  return Number.isNaN(ms) ? undefined : new Date(ms);
}

/** A client date: epoch milliseconds as a number or numeric string, else a date text. */
export function parseClientDate(value: unknown): Date | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? new Date(value) : undefined;
  if (typeof value !== 'string') return undefined;
  if (isNumericString(value)) return new Date(Number(value));
  return parseDateText(value);
}

/** The offset written in a date text, in minutes east of UTC; 0 when it has none. */
export function utcOffsetMinutes(text: string): number {
  const match = OFFSET.exec(text.trim());
  if (!match || match[1].toUpperCase() === 'Z') return 0;
  const digits = match[1].replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits.startsWith('-') ? -minutes : minutes;
}
