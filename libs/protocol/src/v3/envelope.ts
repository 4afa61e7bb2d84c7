/** API v3 response bodies (docs/protocol/api-v3.md §6): the status code is repeated in the body. */
export interface V3Result<T> {
  status: 200;
  result: T;
}

export interface V3Created {
  status: 201;
  identifier: string;
  lastModified: number;
}

export interface V3Deduplicated {
  status: 200;
  identifier: string;
  lastModified: number;
  isDeduplication: true;
  deduplicatedIdentifier?: string;
}

export interface V3Error {
  status: number;
  message?: string;
}

export interface V3Version {
  version: string;
  apiVersion: string;
  srvDate: number;
  storage: { storage: 'mongodb'; version: string };
}

export interface V3Status extends V3Version {
  apiPermissions: Record<string, string>;
}

export interface V3LastModified {
  srvDate: number;
  collections: Partial<Record<string, number>>;
}

/** Exact error texts that clients (AndroidAPS) search for. */
export const V3_MESSAGES = {
  missingToken: 'Missing or bad access token or JWT',
  badToken: 'Bad access token or JWT',
  badCollection: 'Bad operation or collection',
  badBody: 'Bad or missing request body',
  badIdentifier: 'Bad or missing identifier field',
  badDate: 'Bad or missing date field',
  badUtcOffset: 'Bad or missing utcOffset field',
  badApp: 'Bad or missing app field',
  badLastModified: 'Bad or missing Last-Modified header/parameter',
  badLimit: 'Parameter limit out of tolerance',
  badSkip: 'Parameter skip out of tolerance',
  sortCombined: 'Parameters sort and sort_desc cannot be combined',
  readOnly: 'Trying to modify read-only document',
  unsupportedFormat: 'Unsupported output format requested',
  databaseError: 'Database error',
  missingPermission: (permission: string) => `Missing permission ${permission}`,
  unsupportedOperator: (op: string) => `Unsupported filter operator ${op}`,
  immutableField: (field: string) => `Field ${field} cannot be modified by the client`,
} as const;

/** Versions the server reports: the Nightscout release it is compatible with. */
export const NIGHTSCOUT_VERSION = '15.0.7';
export const API_V3_VERSION = '3.0.3-alpha';
