const cell = (value: unknown): string => {
  if (value === undefined || value === null) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** Header row from the first record's keys, then one row per record (docs/protocol/api-v3.md §11). */
export function toCsv(records: readonly Record<string, unknown>[]): string {
  if (records.length === 0) return '';
  const columns = Object.keys(records[0]);
  return [columns.map(cell).join(','), ...records.map((r) => columns.map((c) => cell(r[c])).join(','))].join('\n');
}
