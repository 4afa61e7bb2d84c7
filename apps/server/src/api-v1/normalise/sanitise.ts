/**
 * Removes what could run in a browser from client strings (the reference used DOMPurify on entries,
 * treatments and devicestatus POSTs only, docs/protocol/api-v1.md V1-W5). Only active content is removed; text such as
 * `<none>` or `a < b` is kept, so ordinary values pass unchanged.
 */
const ACTIVE_ELEMENTS = /<(script|style|iframe|object|embed|svg|math|template)\b[\s\S]*?(<\/\1\s*>|$)/gi;
const EVENT_HANDLERS = /(<[^>]*?)\s+on[a-z]+\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)/gi;
const SCRIPT_URLS = /(<[^>]*?\s(?:href|src|action|formaction|xlink:href)\s*=\s*["']?)\s*(?:javascript|vbscript|data):[^"'\s>]*/gi;

export function sanitiseString(value: string): string {
  if (!value.includes('<')) return value;
  let previous: string;
  let current = value;
  // Repeat until stable so nested constructs cannot reassemble after one pass.
  do {
    previous = current;
    current = current.replace(ACTIVE_ELEMENTS, '').replace(EVENT_HANDLERS, '$1').replace(SCRIPT_URLS, '$1');
  } while (current !== previous);
  return current;
}

/** A copy of `value` with every string sanitised, at any depth. */
export function sanitiseStrings<T>(value: T): T {
  if (typeof value === 'string') return sanitiseString(value) as T;
  if (Array.isArray(value)) return value.map(sanitiseStrings) as T;
  if (typeof value === 'object' && value !== null && !(value instanceof Date) && value.constructor === Object) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitiseStrings(v)])) as T;
  }
  return value;
}
