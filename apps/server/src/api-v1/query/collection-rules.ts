import type { V1CollectionName } from '@nightscout/protocol';

/** How `find[...]` values of one collection are typed (docs/protocol/api-v1.md §4.2–4.3). */
export interface QueryRules {
  /** The field the 4-day default window applies to. */
  dateField: string;
  /** Whether `dateField` holds epoch milliseconds (entries) or ISO-8601 strings. */
  dateKind: 'epoch' | 'iso';
  /** Fields compared as numbers. */
  numericFields: readonly string[];
  /** Fields where a `/pattern/flags` value becomes a regular expression. */
  regexFields: readonly string[];
}

const ISO_CREATED_AT = { dateField: 'created_at', dateKind: 'iso' } as const;

export const QUERY_RULES: Readonly<Record<V1CollectionName, QueryRules>> = {
  entries: { dateField: 'date', dateKind: 'epoch', numericFields: ['sgv', 'filtered', 'unfiltered', 'rssi', 'noise', 'mbg'], regexFields: [] },
  treatments: { ...ISO_CREATED_AT, numericFields: ['insulin', 'carbs', 'glucose'], regexFields: ['notes', 'eventType', 'enteredBy'] },
  devicestatus: { ...ISO_CREATED_AT, numericFields: [], regexFields: [] },
  activity: { ...ISO_CREATED_AT, numericFields: [], regexFields: [] },
  profile: { dateField: 'startDate', dateKind: 'iso', numericFields: [], regexFields: [] },
  food: { ...ISO_CREATED_AT, numericFields: ['carbs', 'position'], regexFields: [] },
};
