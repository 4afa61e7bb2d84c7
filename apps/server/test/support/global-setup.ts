import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureFerretDbBinary, startFerretDb } from '../../src/storage/embedded-ferretdb';
import { startRedis } from './redis-server';

/**
 * One FerretDB for the whole run, in a temp dir and on a free port; each suite uses its own
 * database. One Redis too, unless `TEST_REDIS_URL` names one: the machine's Redis is never used.
 */
export default async function globalSetup(): Promise<void> {
  if (!process.env.TEST_REDIS_URL) {
    const redis = await startRedis();
    if (redis) process.env.TEST_REDIS_URL = redis.url;
    (globalThis as { __redis?: typeof redis }).__redis = redis;
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'ns-test-db-'));
  process.env.FERRETDB_BIN = await ensureFerretDbBinary({ log: (message) => console.log(message) });
  const db = await startFerretDb({ dataDir });
  process.env.TEST_MONGODB_BASE = db.uri.replace(/\/[^/]*$/, '');
  (globalThis as { __ferretdb?: typeof db }).__ferretdb = db;
}
