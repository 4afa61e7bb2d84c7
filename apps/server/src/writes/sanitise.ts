import { htmlTagNames } from 'html-tag-names';
import sanitizeHtml from 'sanitize-html';

/**
 * Client text that the legacy web UI renders as HTML (treatment notes, device names, ...) is made
 * safe here, once, for every entry point (the reference sanitised a few v1 POSTs only,
 * docs/protocol/api-v1.md V1-W5, LS-W4).
 *
 * The sanitiser is sanitize-html: it runs without a DOM, and its output is re-serialised from an
 * allowlist (tags, attributes, URL schemes after entity decoding), so what a browser parses is what
 * the library kept. DOMPurify would need jsdom, a whole browser DOM, on every write.
 *
 * Its output escapes `&`, `<` and `>` in text, which would turn `BG < 70` into `BG &lt; 70` for
 * every non-HTML client. So text that holds no markup is kept exactly as sent:
 * - a `<` starts markup only before a letter, `/`, `!` or `?` (HTML tokenizer, data state): `a < b`,
 *   `BG <70` and `&` are text to every browser;
 * - a start tag with a name and nothing else whose name is no HTML element, such as Nightscout's
 *   `<none>` event type, is an inert unknown element: without attributes it can carry no handler
 *   or URL, and only HTML elements (`<script>`, `<style>`, `<svg>`, ...) have content that acts.
 */
const MARKUP_START = /<[A-Za-z/!?]/;
const BARE_START_TAG = /<([A-Za-z]+)>/g;
const HTML_ELEMENTS: ReadonlySet<string> = new Set(htmlTagNames);

const holdsMarkup = (value: string): boolean =>
  MARKUP_START.test(value.replace(BARE_START_TAG, (tag, name: string) => (HTML_ELEMENTS.has(name.toLowerCase()) ? tag : ' ')));

/** The string without active content; unchanged when it holds no markup. */
export function sanitiseString(value: string): string {
  return holdsMarkup(value) ? sanitizeHtml(value) : value;
}

const isPlainObject = (value: object): boolean => {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
};

/** A copy of `value` with every string value sanitised, at any depth; keys and non-plain objects (ids, dates) as they are. */
export function sanitiseStrings<T>(value: T): T {
  if (typeof value === 'string') return sanitiseString(value) as T;
  if (Array.isArray(value)) return value.map(sanitiseStrings) as T;
  if (typeof value === 'object' && value !== null && isPlainObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, sanitiseStrings(v)])) as T;
  }
  return value;
}
