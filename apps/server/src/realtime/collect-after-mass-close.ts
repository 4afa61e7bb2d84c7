import { Logger } from '@nestjs/common';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/** Closes in one burst that make a mass disconnect: far more than a family's or a clinic's devices. */
export const MASS_CLOSE_SOCKETS = 1_000;
/** A burst ends when no socket closed for this long. */
export const MASS_CLOSE_QUIET_MS = 2_000;

/**
 * One full garbage collection after a mass disconnect (a proxy restart drops every follower at
 * once). What the closed sockets held is garbage that V8's memory reducer gives back to the system
 * only 80–110 s later (docs/performance.md, "Memory"); collected once the closes stop, it is back at
 * once. Ordinary churn never adds up to a burst of this size.
 */
export class CollectAfterMassClose {
  private readonly logger = new Logger('Memory');
  private closed = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly collect: () => void = fullCollection(),
    private readonly threshold = MASS_CLOSE_SOCKETS,
    private readonly quietMs = MASS_CLOSE_QUIET_MS,
  ) {}

  /** Counts one closed connection; the burst it belongs to ends after `quietMs` without another. */
  closedOne(): void {
    this.closed++;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      const burst = this.closed;
      this.closed = 0;
      if (burst < this.threshold) return;
      const started = performance.now();
      this.collect();
      this.logger.log(`one full garbage collection after ${burst} connections closed: ${Math.round(performance.now() - started)} ms`);
    }, this.quietMs);
    this.timer.unref();
  }
}

/** V8's full collection: `global.gc` when the process was started with `--expose-gc`, else taken from a context that exposes it. */
function fullCollection(): () => void {
  const exposed = (globalThis as { gc?: () => void }).gc;
  if (exposed) return exposed;
  setFlagsFromString('--expose-gc');
  const gc = runInNewContext('gc') as () => void;
  setFlagsFromString('--no-expose-gc');
  return gc;
}
