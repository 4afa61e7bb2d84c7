/**
 * Per-IP delay after failed authentications (docs/protocol/api-v1.md §3.7), bounded unlike the
 * reference's: each IP's wait is capped, expired entries are swept periodically, and the number
 * of tracked IPs is capped (the oldest entry is dropped first).
 */
export class FailedAttempts {
  private readonly blockedUntil = new Map<string, number>();
  private readonly sweeper: NodeJS.Timeout;
  /** Told of each change made here (an IP's new end of wait, or undefined when cleared), for other instances. */
  share?: (ip: string, until?: number) => void;

  constructor(
    private readonly delayMs: number,
    private readonly maxWaitMs = Math.max(delayMs * 6, 30_000),
    private readonly maxEntries = 10_000,
    sweepEveryMs = 60_000,
  ) {
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs);
    this.sweeper.unref();
  }

  /** How long a request from `ip` must wait now (0 when it is not blocked). */
  waitMs(ip: string, now = Date.now()): number {
    const until = this.blockedUntil.get(ip);
    return until === undefined ? 0 : Math.max(0, Math.min(until - now, this.maxWaitMs));
  }

  recordFailure(ip: string, now = Date.now()): void {
    if (this.delayMs === 0) return;
    const from = Math.max(this.blockedUntil.get(ip) ?? now, now);
    const until = Math.min(from + this.delayMs, now + this.maxWaitMs);
    this.block(ip, until);
    this.share?.(ip, until);
  }

  private block(ip: string, until: number): void {
    this.blockedUntil.delete(ip); // re-insert so that Map order is least-recently-failed first
    this.blockedUntil.set(ip, until);
    while (this.blockedUntil.size > this.maxEntries) this.blockedUntil.delete(this.blockedUntil.keys().next().value!);
  }

  clear(ip: string): void {
    if (this.blockedUntil.delete(ip)) this.share?.(ip);
  }

  /** A change another instance made (`share`'s arguments there). */
  adopt(ip: string, until?: number): void {
    if (until === undefined) this.blockedUntil.delete(ip);
    else this.block(ip, until);
  }

  get size(): number {
    return this.blockedUntil.size;
  }

  sweep(now = Date.now()): void {
    for (const [ip, until] of this.blockedUntil) if (until <= now) this.blockedUntil.delete(ip);
  }

  close(): void {
    clearInterval(this.sweeper);
  }
}
