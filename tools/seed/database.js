// The embedded FerretDB as the server starts it (apps/server/src/storage/embedded-ferretdb.ts, from
// the built server: built here first when apps/server/dist is missing), for the seed and the bench.
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '../..');
const DIST = join(ROOT, 'apps/server/dist');

/** Builds the server when its dist is missing (a fresh clone), so one command is enough. */
function ensureServerBuilt() {
  if (existsSync(join(DIST, 'main.js'))) return;
  console.error('apps/server/dist is missing: building the server (npx nx build server)…');
  const env = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };
  const run = spawnSync('npx', ['nx', 'build', 'server', '--output-style=static'], { cwd: ROOT, stdio: 'inherit', env });
  if (run.status !== 0) throw new Error('building the server failed');
}

/**
 * Starts FerretDB on `dataDir` with a server build's own launcher and binary (built with Go on first
 * use): this checkout's, or that of the server `dist` given (an older checkout's FerretDB may lack
 * the indexes ours adds, and those would stay in the files it is seeded with).
 */
async function startEmbedded(dataDir, dist = DIST) {
  if (dist === DIST) ensureServerBuilt();
  const { startFerretDb } = require(join(dist, 'storage/embedded-ferretdb'));
  return startFerretDb({ dataDir, log: (message) => console.error(message) });
}

module.exports = { ROOT, DIST, ensureServerBuilt, startEmbedded };
