import { randomUUID } from 'node:crypto';
import { runBuiltServer, type BuiltServer } from './built-server';
import { TEST_API_SECRET, fetcher, type TestServer } from './test-server';

/** A built server process started by `startInstances`, usable with the socket and subject helpers. */
export interface Instance extends BuiltServer, Pick<TestServer, 'url' | 'fetch'> {
  name: string;
  /** The environment it was started with (its MONGODB_URI, REDIS_KEY_PREFIX, ...). */
  env: Record<string, string>;
}

/**
 * Built server processes on one database of the test FerretDB and one Redis under a key prefix of
 * their own, started one after the other (the first holds the alarm lease), as a deployment runs
 * several replicas behind a load balancer.
 */
export async function startInstances(names: string[], redisUrl: string, env: Record<string, string> = {}): Promise<Instance[]> {
  const shared = {
    PORT: '0',
    HOSTNAME: '127.0.0.1',
    MONGODB_URI: `${process.env.TEST_MONGODB_BASE}/scale_${randomUUID().slice(0, 8)}`,
    REDIS_URL: redisUrl,
    REDIS_KEY_PREFIX: `test:${randomUUID()}:`,
    API_SECRET: TEST_API_SECRET,
    INSECURE_USE_HTTP: 'true',
    AUTH_FAIL_DELAY: '0',
    ...env,
  };
  const instances: Instance[] = [];
  for (const name of names) {
    const server = runBuiltServer(shared);
    const url = `http://127.0.0.1:${await server.listening()}`;
    instances.push({
      ...server,
      name,
      env: shared,
      url,
      fetch: fetcher(url),
    });
  }
  return instances;
}

/** Resolves once `/health/ready` answers 200 (cross-instance delivery included). */
export async function ready(instance: Instance, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await instance.fetch('/health/ready').then((res) => res.ok, () => false))) {
    if (Date.now() > deadline) throw new Error(`${instance.name} not ready within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** SIGTERM, and the exit code. */
export async function stopInstance(instance: Instance): Promise<number | null> {
  instance.child.kill('SIGTERM');
  return instance.exited;
}
