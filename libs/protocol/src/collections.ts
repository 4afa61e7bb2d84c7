/** Collections served by API v1 and the legacy socket. */
export const V1_COLLECTIONS = ['entries', 'treatments', 'devicestatus', 'profile', 'food', 'activity'] as const;
/** Collections served by API v3 and the `/storage` channel. */
export const V3_COLLECTIONS = ['devicestatus', 'entries', 'food', 'profile', 'settings', 'treatments'] as const;
/** Every collection the server stores. */
export const COLLECTIONS = ['entries', 'treatments', 'devicestatus', 'profile', 'food', 'activity', 'settings'] as const;

export type V1CollectionName = (typeof V1_COLLECTIONS)[number];
export type V3CollectionName = (typeof V3_COLLECTIONS)[number];
export type CollectionName = (typeof COLLECTIONS)[number];

/** Names clients send for a collection under another spelling (AndroidAPS subscribes to `foods`); a Map, as clients choose the key. */
export const COLLECTION_ALIASES: ReadonlyMap<string, CollectionName> = new Map([['foods', 'food']]);

/** Environment variables that rename the physical MongoDB collection (the API name never changes). */
export const COLLECTION_ENV_NAMES: Readonly<Record<CollectionName, readonly string[]>> = {
  entries: ['ENTRIES_COLLECTION', 'MONGO_COLLECTION'],
  treatments: ['MONGO_TREATMENTS_COLLECTION'],
  devicestatus: ['MONGO_DEVICESTATUS_COLLECTION'],
  profile: ['MONGO_PROFILE_COLLECTION'],
  food: ['MONGO_FOOD_COLLECTION'],
  activity: ['MONGO_ACTIVITY_COLLECTION'],
  settings: ['MONGO_SETTINGS_COLLECTION'],
};

/**
 * The date field v3 falls back on for documents written without `srvModified` (v1 and legacy
 * writes in the reference), and the fields its fallback deduplication compares.
 */
export const COLLECTION_DATES: Readonly<Record<CollectionName, { fallbackDate?: 'date' | 'created_at'; dedupFallback: readonly string[] }>> = {
  devicestatus: { fallbackDate: 'created_at', dedupFallback: ['created_at', 'device'] },
  entries: { fallbackDate: 'date', dedupFallback: ['date', 'type'] },
  food: { fallbackDate: 'created_at', dedupFallback: ['created_at'] },
  profile: { fallbackDate: 'created_at', dedupFallback: ['created_at'] },
  settings: { dedupFallback: [] },
  treatments: { fallbackDate: 'created_at', dedupFallback: ['created_at', 'eventType'] },
  activity: { fallbackDate: 'created_at', dedupFallback: ['created_at'] },
};

function resolveIn<T extends string>(list: readonly T[], name: unknown): T | undefined {
  if (typeof name !== 'string') return undefined;
  const resolved = COLLECTION_ALIASES.get(name) ?? name;
  return (list as readonly string[]).includes(resolved) ? (resolved as T) : undefined;
}

/** The collection a client means, or undefined when it names none we serve on API v1 / the legacy socket. */
export const resolveV1Collection = (name: unknown): V1CollectionName | undefined => resolveIn(V1_COLLECTIONS, name);
/** The collection a client means, or undefined when it names none we serve on API v3 / `/storage`. */
export const resolveV3Collection = (name: unknown): V3CollectionName | undefined => resolveIn(V3_COLLECTIONS, name);
