/** 2000-01-01T00:00:00Z: the reference rejects every date before it (docs/protocol/api-v3.md §7.2). */
export const MIN_DATE_MS = 946_684_800_000;

export interface ParsedDate {
  ms: number;
  /** Minutes east of UTC written in the text; for numbers the server's own offset. */
  utcOffset: number;
}

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d+))?)?)?\s*(Z|[+-]\d{2}(?::?\d{2})?)?$/i;
const RFC_OFFSET = /(?:([+-])(\d{2})(\d{2})|\b(?:GMT|UTC?|Z))\s*$/i;

/** A date the way the reference's dateTools reads one: epoch ms, else epoch seconds, ISO-8601, RFC-2822. */
export function parseDate(value: unknown): ParsedDate | undefined {
  if (!value) return undefined;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) value = Number(value);
  if (typeof value === 'number') return parseEpoch(value);
  if (typeof value !== 'string') return undefined;
  const parsed = parseIso(value.trim()) ?? parseRfc(value.trim());
  return parsed && parsed.ms >= MIN_DATE_MS ? parsed : undefined;
}

function parseEpoch(value: number): ParsedDate | undefined {
  if (!Number.isFinite(value)) return undefined;
  // Uploaders that send seconds get them read as seconds.
  const ms = value >= MIN_DATE_MS ? value : value * 1000;
  return ms >= MIN_DATE_MS ? { ms, utcOffset: -new Date(ms).getTimezoneOffset() } : undefined;
}

function parseIso(text: string): ParsedDate | undefined {
  const m = ISO.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h = '0', mi = '0', s = '0', fraction = '0', zone] = m;
  const ms = Number(`0.${fraction}`) * 1000;
  const local = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s, Math.round(ms));
  if (Number.isNaN(local)) return undefined;
  const utcOffset = zoneMinutes(zone);
  return { ms: local - utcOffset * 60_000, utcOffset };
}

function zoneMinutes(zone: string | undefined): number {
  if (!zone || zone.toUpperCase() === 'Z') return 0;
  const digits = zone.slice(1).replace(':', '');
  const minutes = Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2) || 0);
  return zone[0] === '-' ? -minutes : minutes;
}

function parseRfc(text: string): ParsedDate | undefined {
  const ms = Date.parse(text);
  if (Number.isNaN(ms)) return undefined;
  const m = RFC_OFFSET.exec(text);
  const utcOffset = m?.[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { ms, utcOffset };
}

/** HTTP-date text (second precision) as `Last-Modified` carries it. */
export const httpDate = (ms: number): string => new Date(ms).toUTCString();

export const floorToSeconds = (ms: number): number => Math.floor(ms / 1000) * 1000;

/** An HTTP-date request header in ms, or undefined when absent or unparseable. */
export function headerDate(value: string | undefined): number | undefined {
  if (!value) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}
