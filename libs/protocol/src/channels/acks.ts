import { schema } from './contract';

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

export const RATE_LIMITED_ACK_SCHEMA = schema.named(
  'RateLimitedAck',
  'The event was over its rate limit and nothing was done; retry after `retryAfterMs` (docs/rate-limits.md).',
  schema.object({ result: schema.constant('Rate limited'), retryAfterMs: schema.integer('milliseconds until the event would be accepted') }, ['result', 'retryAfterMs']),
);

export const INVALID_PAYLOAD_ACK_SCHEMA = schema.named(
  'InvalidPayloadAck',
  'The payload failed validation and nothing was done; `errors` says why.',
  schema.object({ result: schema.constant('Invalid payload'), errors: schema.array(schema.string()) }, ['result', 'errors']),
);
