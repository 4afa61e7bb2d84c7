import { AckTimeoutError, ConnectionLostError, NotConnectedError, RefusedError, RestError } from '@nightscout/client';

/** The sentence to show when a write failed: the server's refusal as it said it, never swallowed. */
export function describeWriteError(error: unknown): string {
  if (error instanceof RefusedError) {
    if (error.result === 'Rate limited') return `Rate limited: nothing was saved. Try again in ${Math.ceil((error.retryAfterMs ?? 1000) / 1000)} s.`;
    if (error.result === 'Not permitted') return 'Not permitted: these credentials may not change this. Sign in with more rights.';
    if (error.result === 'Not authorized') return 'Not authorized: the connection has not signed in yet. Try again in a moment.';
    return error.message;
  }
  if (error instanceof NotConnectedError) return 'Not connected: nothing was saved. Wait until the connection says Connected.';
  if (error instanceof ConnectionLostError) return 'The connection was lost before the server answered: check the list before saving again.';
  if (error instanceof AckTimeoutError) return 'The server did not answer in time: check the list before saving again.';
  if (error instanceof RestError) return `The server refused: ${error.message}`;
  return `Something went wrong: ${error instanceof Error ? error.message : String(error)}`;
}
