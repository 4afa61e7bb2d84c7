/** The server answered a socket event with a refusal (`Not permitted`, `Rate limited`, `Invalid payload`, ...): nothing was done. */
export class RefusedError extends Error {
  constructor(
    readonly result: string,
    readonly errors: readonly string[] = [],
    readonly retryAfterMs?: number,
  ) {
    super(errors.length > 0 ? `${result}: ${errors.join('; ')}` : result);
    this.name = 'RefusedError';
  }

  /** The refusal an acknowledgement carries (`{ result, errors?, retryAfterMs? }`). */
  static from(ack: unknown): RefusedError {
    const { result, errors, retryAfterMs, message } = (typeof ack === 'object' && ack !== null ? ack : {}) as Record<string, unknown>;
    const reason = typeof result === 'string' ? result : typeof message === 'string' ? message : 'Unexpected acknowledgement';
    return new RefusedError(reason, Array.isArray(errors) ? errors.map(String) : [], typeof retryAfterMs === 'number' ? retryAfterMs : undefined);
  }
}

/** A write was attempted while the channel was not connected and authorized: nothing was sent. */
export class NotConnectedError extends Error {
  constructor(channel: string) {
    super(`Not connected to ${channel}`);
    this.name = 'NotConnectedError';
  }
}

/** No acknowledgement arrived in time; the server may or may not have done the work. */
export class AckTimeoutError extends Error {
  constructor(event: string, ms: number) {
    super(`No answer to ${event} within ${ms} ms`);
    this.name = 'AckTimeoutError';
  }
}

/** The connection was lost before the answer came; the server may or may not have done the work. */
export class ConnectionLostError extends Error {
  constructor(channel: string) {
    super(`The connection to ${channel} was lost before the server answered`);
    this.name = 'ConnectionLostError';
  }
}
