const escape = (text: string): string => text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Element names must start with a letter or underscore; other characters become underscores. */
const elementName = (key: string): string => {
  const name = key.replace(/[^A-Za-z0-9_.-]/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `_${name}`;
};

function element(name: string, value: unknown): string {
  if (value === undefined || value === null) return `<${name}/>`;
  if (Array.isArray(value)) return value.map((v) => element(name, v)).join('');
  if (typeof value === 'object') {
    return `<${name}>${Object.entries(value).map(([k, v]) => element(elementName(k), v)).join('')}</${name}>`;
  }
  return `<${name}>${escape(String(value))}</${name}>`;
}

/** One `<item>`, or `<items>` holding one `<item>` per document (the shape of lib/api3/doc/formats.md). */
export function toXml(result: Record<string, unknown> | readonly Record<string, unknown>[]): string {
  const body = Array.isArray(result) ? `<items>${result.map((r) => element('item', r)).join('')}</items>` : element('item', result);
  return `<?xml version="1.0" encoding="UTF-8"?>\n${body}`;
}
