import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { stopChild, waitForListener } from './child-service';

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

function findGo(): { go: string; version: string } | undefined {
  for (const go of ['go', '/usr/local/go/bin/go']) {
    const run = spawnSync(go, ['env', 'GOVERSION'], { encoding: 'utf8' });
    if (run.status === 0) return { go, version: run.stdout.trim().replace(/^go/, '') };
  }
  return undefined;
}

/** The Go version tools/ferretdb/go.mod asks for (its `go` line). */
export function requiredGoVersion(root: string): string {
  return /^go\s+(\S+)/m.exec(readFileSync(join(root, 'tools/ferretdb/go.mod'), 'utf8'))?.[1] ?? 'unknown';
}

const olderThan = (version: string, required: string): boolean => {
  const [a, b] = [version, required].map((v) => v.split(/[.\-a-z]/).map(Number));
  for (let i = 0; i < 3; i++) if ((a[i] || 0) !== (b[i] || 0)) return (a[i] || 0) < (b[i] || 0);
  return false;
};

export interface FerretDbBuildOptions {
  env?: NodeJS.ProcessEnv;
  /** Progress for the operator: the first build takes a minute or two. */
  log?: (message: string) => void;
  /** Stops a build in progress (a signal during the first start). */
  signal?: AbortSignal;
}

/**
 * Path of a runnable FerretDB: `FERRETDB_BIN`, else the project cache, built on first use from
 * tools/ferretdb (a wrapper around FerretDB's embeddable package) with the machine's Go. Go's own
 * output (one line per downloaded module) is shown only when the build fails.
 */
export async function ensureFerretDbBinary(options: FerretDbBuildOptions = {}): Promise<string> {
  const env = options.env ?? process.env;
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
  const required = requiredGoVersion(root);
  const found = findGo();
  if (!found) throw new EmbeddedDatabaseUnavailable(`MONGODB_URI is not set and Go (${required} or newer) is not installed to build the embedded FerretDB.`);
  const log = options.log ?? (() => undefined);
  if (olderThan(found.version, required)) log(`Go ${found.version} is older than the ${required} tools/ferretdb needs: the build may fail (or Go may fetch a newer toolchain)`);
  log(`Building the embedded database (FerretDB ${FERRETDB_VERSION}) with Go ${found.version} (${required} or newer needed): first start only, about 1–2 minutes`);
  const started = Date.now();
  mkdirSync(dirname(binary), { recursive: true });
  // Built beside the final name and renamed, so an interrupted build never leaves a broken binary.
  const partial = `${binary}.partial-${process.pid}`;
  const output = await new Promise<{ code: number | null; text: string }>((resolveBuild) => {
    const build = spawn(found.go, ['build', '-o', partial, '.'], { cwd: launcher, stdio: ['ignore', 'pipe', 'pipe'], signal: options.signal });
    let text = '';
    build.stdout!.on('data', (d) => (text += d));
    build.stderr!.on('data', (d) => (text += d));
    build.on('error', (error) => resolveBuild({ code: null, text: `${text}${error.message}\n` }));
    build.on('close', (code) => resolveBuild({ code, text }));
  });
  if (output.code !== 0 || !existsSync(partial)) {
    rmSync(partial, { force: true });
    if (options.signal?.aborted) throw new EmbeddedDatabaseUnavailable('the build of FerretDB was interrupted.');
    throw new EmbeddedDatabaseUnavailable(`building FerretDB ${FERRETDB_VERSION} with Go ${found.version} failed:\n${output.text.trim().split('\n').slice(-20).join('\n')}`);
  }
  renameSync(partial, binary);
  log(`Embedded database built in ${Math.round((Date.now() - started) / 1000)} s (${binary})`);
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

export interface RunningFerretDb {
  uri: string;
  port: number;
  stop(): Promise<void>;
}

/**
 * Starts FerretDB (SQLite backend) on loopback and a free port, with its data in `dataDir`.
 * It stops with `stop()`, and by itself when this process dies (its stdin closes).
 */
export async function startFerretDb(options: FerretDbBuildOptions & { dataDir: string; database?: string; port?: number }): Promise<RunningFerretDb> {
  const binary = await ensureFerretDbBinary(options);
  const dataDir = resolve(options.dataDir);
  mkdirSync(dataDir, { recursive: true });
  const port = options.port ?? (await freePort());
  const child = spawn(binary, [`--listen-addr=127.0.0.1:${port}`, `--sqlite-url=file:${dataDir}/`, '--exit-on-stdin-close', '--log-level=error'], {
    stdio: ['pipe', 'ignore', 'inherit'],
  });
  await waitForListener(child, port, 30_000, (reason) => new EmbeddedDatabaseUnavailable(`FerretDB ${reason}.`));
  return {
    uri: `mongodb://127.0.0.1:${port}/${options.database ?? 'nightscout'}`,
    port,
    stop: () => stopChild(child),
  };
}
