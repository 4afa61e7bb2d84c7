/** The fields a `fields=a,b,c` parameter keeps; undefined for all (absent or `_all`). */
export function parseFields(raw: unknown): ReadonlySet<string> | undefined {
  if (typeof raw !== 'string' || raw === '' || raw === '_all') return undefined;
  return new Set(raw.split(',').map((f) => f.trim()).filter(Boolean));
}

/** Only the requested fields, in the document's order. */
export function project(doc: Record<string, unknown>, fields: ReadonlySet<string> | undefined): Record<string, unknown> {
  return fields ? Object.fromEntries(Object.entries(doc).filter(([key]) => fields.has(key))) : doc;
}
