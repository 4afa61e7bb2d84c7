/**
 * Errors that mean "no database server can be reached right now" (killed, restarting, network
 * gone) rather than a bad operation: clients get 503 and retry; the driver reconnects by itself.
 * Matched by name, so that errors from mongoose's copy of the driver are recognised too.
 */
const UNAVAILABLE = new Set([
  'MongoServerSelectionError',
  'MongooseServerSelectionError',
  'MongoNetworkError',
  'MongoNetworkTimeoutError',
  'MongoPoolClearedError',
  'MongoNotConnectedError',
  'MongoTopologyClosedError',
  'MongoServerClosedError',
  'MongoClientClosedError',
]);

export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e instanceof Error && depth < 3; e = e.cause, depth++) if (UNAVAILABLE.has(e.name)) return true;
  return false;
}

/** Any error that came from the database driver (a failed command as well as an outage). */
export const isDatabaseError = (error: unknown): boolean => error instanceof Error && /^Mongo/.test(error.name);

/** The Prometheus label of a database error, or undefined when `error` did not come from the database. */
export function databaseErrorKind(error: unknown): 'unavailable' | 'other' | undefined {
  if (isDatabaseUnavailable(error)) return 'unavailable';
  return isDatabaseError(error) ? 'other' : undefined;
}

/** Until the database answers again: the message of a 503 on every transport. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'Database unavailable, retry shortly';
/** Seconds a client is told to wait before retrying (`Retry-After`). */
export const DATABASE_RETRY_AFTER_S = 5;
