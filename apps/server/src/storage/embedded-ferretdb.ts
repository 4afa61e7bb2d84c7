import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';

export const FERRETDB_VERSION = 'v1.24.2';

/** Why no database could be started, with what the operator can do about it. */
export class EmbeddedDatabaseUnavailable extends Error {
  constructor(detail: string) {
    super(
      `No database: ${detail}\n` +
        'Either set MONGODB_URI to a MongoDB (or MongoDB-compatible) server, ' +
        'or install Go (https://go.dev) so the embedded FerretDB can be built on first start, ' +
        'or use docker/compose.yaml, which runs the server next to a database.',
    );
    this.name = 'EmbeddedDatabaseUnavailable';
  }
}

/** The workspace root (the folder holding nx.json), found from this file's location. */
export function workspaceRoot(from = __dirname): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'nx.json'))) return dir;
    if (dirname(dir) === dir) return undefined;
  }
}

function findGo(): string | undefined {
  for (const candidate of ['go', '/usr/local/go/bin/go']) {
    if (spawnSync(candidate, ['version'], { stdio: 'ignore' }).status === 0) return candidate;
  }
  return undefined;
}

/**
 * Path of a runnable FerretDB: `FERRETDB_BIN`, else the project cache, built on first use from
 * tools/ferretdb (a wrapper around FerretDB's embeddable package) with the machine's Go.
 */
export function ensureFerretDbBinary(env: NodeJS.ProcessEnv = process.env): string {
  if (env.FERRETDB_BIN) {
    if (!existsSync(env.FERRETDB_BIN)) throw new EmbeddedDatabaseUnavailable(`FERRETDB_BIN=${env.FERRETDB_BIN} does not exist.`);
    return env.FERRETDB_BIN;
  }
  const root = workspaceRoot();
  if (!root || !existsSync(join(root, 'tools/ferretdb/go.mod'))) {
    throw new EmbeddedDatabaseUnavailable('MONGODB_URI is not set and this installation has no tools/ferretdb to build FerretDB from.');
  }
  // Named after the launcher's sources, so a changed launcher is rebuilt rather than the cached one run.
  const launcher = join(root, 'tools/ferretdb');
  const sources = createHash('sha1');
  for (const file of readdirSync(launcher).filter((f) => /\.(go|mod|sum)$/.test(f)).sort()) sources.update(file).update(readFileSync(join(launcher, file)));
  const binary = join(root, '.cache/ferretdb', `ferretdb-${FERRETDB_VERSION}-${sources.digest('hex').slice(0, 12)}`);
  if (existsSync(binary)) return binary;
  const go = findGo();
  if (!go) throw new EmbeddedDatabaseUnavailable('MONGODB_URI is not set and Go is not installed to build the embedded FerretDB.');
  mkdirSync(dirname(binary), { recursive: true });
  const build = spawnSync(go, ['build', '-o', binary, '.'], { cwd: launcher, stdio: ['ignore', 'inherit', 'inherit'] });
  if (build.status !== 0 || !existsSync(binary)) throw new EmbeddedDatabaseUnavailable(`building FerretDB ${FERRETDB_VERSION} with Go failed.`);
  return binary;
}

/** A free TCP port on loopback. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const { connect } = await import('node:net');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new EmbeddedDatabaseUnavailable(`FerretDB exited with code ${child.exitCode} while starting.`);
    const open = await new Promise<boolean>((done) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.destroy();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new EmbeddedDatabaseUnavailable(`FerretDB did not listen on port ${port} within ${timeoutMs} ms.`);
}

export interface RunningFerretDb {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts FerretDB (SQLite backend) on loopback and a free port, with its data in `dataDir`.
 * It stops with `stop()`, and by itself when this process dies (its stdin closes).
 */
export async function startFerretDb(options: { dataDir: string; database?: string; env?: NodeJS.ProcessEnv }): Promise<RunningFerretDb> {
  const binary = ensureFerretDbBinary(options.env);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = await freePort();
  const child = spawn(binary, [`--listen-addr=127.0.0.1:${port}`, `--sqlite-url=file:${dataDir}/`, '--exit-on-stdin-close', '--log-level=error'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  await waitForPort(port, child, 30_000);
  return {
    uri: `mongodb://127.0.0.1:${port}/${options.database ?? 'nightscout'}`,
    port,
    stop: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}
