/** Hits of one key in its current fixed window. */
export interface WindowHits {
  count: number;
  /** Time until the window ends and the count starts again from 0. */
  resetInMs: number;
}

/**
 * Counters behind every limit (HTTP guard and sockets): in memory for one instance, in Redis
 * when instances share their clients. Implementations only count; callers compare with limits.
 */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowHits>;
  close(): Promise<void>;
}

export const RATE_LIMIT_STORE = Symbol('RATE_LIMIT_STORE');
