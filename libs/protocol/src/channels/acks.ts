/** Acknowledgement every channel sends to a throttled inbound event (nothing was done). */
export interface RateLimitedAck {
  result: 'Rate limited';
  retryAfterMs: number;
}

/** Acknowledgement for an inbound payload that failed validation (nothing was done). */
export interface InvalidPayloadAck {
  result: 'Invalid payload';
  errors: string[];
}

export type Ack<T> = (response: T) => void;
