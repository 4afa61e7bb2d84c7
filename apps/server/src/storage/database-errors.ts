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

/**
 * The embedded FerretDB refusing a write because it could not take SQLite's one write lock (seen
 * on a first start at a year, while indexes were being built: docs/performance.md, "Growth at 30
 * days, 6 months and a year"). The same write succeeds once the lock is free.
 */
export const isDatabaseBusy = (error: unknown): boolean => isDatabaseError(error) && /database is locked|SQLITE_BUSY/.test((error as Error).message);

/** The Prometheus label of a database error, or undefined when `error` did not come from the database. */
export function databaseErrorKind(error: unknown): 'unavailable' | 'busy' | 'other' | undefined {
  if (isDatabaseUnavailable(error)) return 'unavailable';
  if (isDatabaseBusy(error)) return 'busy';
  return isDatabaseError(error) ? 'other' : undefined;
}

/** Whether the same operation may succeed shortly: the database is away or busy, not refusing it. */
export const isTransientDatabaseError = (error: unknown): boolean => {
  const kind = databaseErrorKind(error);
  return kind === 'unavailable' || kind === 'busy';
};

/** Until the database answers again: the message of a 503 on every transport. */
export const DATABASE_UNAVAILABLE_MESSAGE = 'Database unavailable, retry shortly';
/** Seconds a client is told to wait before retrying (`Retry-After`). */
export const DATABASE_RETRY_AFTER_S = 5;

/**
 * Runs `operation` again while it fails transiently, every `delayMs` for at most `attempts` tries
 * (start-up work that would otherwise stop the server), reporting each failure to `onRetry`.
 */
export async function retryTransient<T>(operation: () => Promise<T>, onRetry: (error: Error) => void, attempts = 30, delayMs = 2_000): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await operation();
    } catch (error) {
      if (attempt >= attempts || !isTransientDatabaseError(error)) throw error;
      onRetry(error as Error);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
    }
  }
}
