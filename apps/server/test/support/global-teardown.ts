import type { RunningFerretDb } from '../../src/storage/embedded-ferretdb';

export default async function globalTeardown(): Promise<void> {
  await (globalThis as { __ferretdb?: RunningFerretDb }).__ferretdb?.stop();
}
