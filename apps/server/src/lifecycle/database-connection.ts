import { MongoClient } from 'mongodb';

/** The first connection to the configured database failed: one line for the operator. */
export class DatabaseUnreachable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseUnreachable';
  }
}

/** The host list of a MongoDB URI, without credentials, options or database. */
export function uriHosts(uri: string): string {
  return uri.replace(/^mongodb(\+srv)?:\/\//, '').replace(/^[^@/]*@/, '').replace(/[/?].*$/, '');
}

/** `uri` with its password replaced, for logs and the start banner. */
export const redactUri = (uri: string): string => uri.replace(/^(mongodb(?:\+srv)?:\/\/[^:@/]*:)[^@/]*@/, '$1***@');

/** The driver's reason, on one line: the first server's error when it has one ("connect ECONNREFUSED ..."). */
function cause(error: unknown): string {
  const servers = (error as { reason?: { servers?: Map<string, { error?: Error | null }> } })?.reason?.servers;
  const first = servers && [...servers.values()].find((s) => s.error)?.error;
  const message = first?.message || (error as Error)?.message || String(error);
  return message.split('\n')[0];
}

/**
 * Connects once to `uri` and disconnects, failing within `timeoutMs` with a message that names
 * the variable, the hosts tried and the cause. Done before the application starts, so that a
 * wrong URI ends the start at once; once started, the server rides out outages (503, reconnect).
 */
export async function checkDatabase(uri: string, variable: string, timeoutMs: number): Promise<void> {
  const client = new MongoClient(uri, { serverSelectionTimeoutMS: timeoutMs, connectTimeoutMS: timeoutMs });
  try {
    await client.connect();
  } catch (error) {
    throw new DatabaseUnreachable(describeDatabaseFailure(variable, uri, error, timeoutMs));
  } finally {
    await client.close().catch(() => undefined);
  }
}

export function describeDatabaseFailure(variable: string, uri: string, error: unknown, timeoutMs: number): string {
  return (
    `Cannot connect to the database in ${variable} (${uriHosts(uri)}) within ${timeoutMs / 1000} s: ${cause(error)}. ` +
    `Check that it runs and accepts connections from here, or unset ${variable} to use the embedded FerretDB.`
  );
}
