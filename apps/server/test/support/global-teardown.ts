import type { RunningFerretDb } from '../../src/storage/embedded-ferretdb';
import type { RunningRedis } from './redis-server';

export default async function globalTeardown(): Promise<void> {
  const { __ferretdb, __redis } = globalThis as { __ferretdb?: RunningFerretDb; __redis?: RunningRedis };
  await Promise.all([__ferretdb?.stop(), __redis?.stop()]);
}
