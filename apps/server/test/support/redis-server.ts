import { spawn, spawnSync } from 'node:child_process';
import { stopChild, waitForListener } from '../../src/storage/child-service';
import { freePort } from '../../src/storage/embedded-ferretdb';

export interface RunningRedis {
  url: string;
  stop(): Promise<void>;
}

/**
 * A private `redis-server` on a free loopback port (or `port`, to start one again where it was),
 * without persistence, for the Redis suites; undefined when the machine has no `redis-server`
 * (the README lists it as a test prerequisite).
 */
export async function startRedis(port?: number): Promise<RunningRedis | undefined> {
  if (spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status !== 0) return undefined;
  port ??= await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--loglevel', 'warning'], { stdio: 'ignore' });
  await waitForListener(child, port, 10_000, (reason) => new Error(`redis-server ${reason}`));
  return {
    url: `redis://127.0.0.1:${port}`,
    stop: () => stopChild(child),
  };
}
