import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

/** A port nobody listens on, kept for the site across restarts. */
const freePort = () =>
  new Promise<number>((done, fail) => {
    const probe = createServer().once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => done(port));
    });
  });

export const WORKSPACE = resolve(__dirname, '../../../..');
/** Git-ignored: server logs, screenshots and the measured budgets of the last run. */
export const OUTPUT_DIR = join(WORKSPACE, '.cache/web-e2e');
const SERVER_MAIN = join(WORKSPACE, 'apps/server/dist/main.js');
const WEB_INDEX = join(WORKSPACE, 'apps/web/dist/index.html');

export const API_SECRET = 'this is my long pass phrase';
export const API_SECRET_SHA1 = 'b723e97aa97846eb92d5264f084b2823f57c4aa1';

/** A Nightscout site: the built server (`apps/server/dist/main.js`) serving the built web app, on its own database. */
export class Site {
  readonly url: string;
  readonly database: string;
  readonly mongoUri: string;
  private process?: ChildProcess;
  private starts = 0;

  private constructor(
    private readonly port: number,
    private readonly env: Record<string, string>,
    readonly name: string,
  ) {
    const base = process.env.TEST_MONGODB_BASE;
    if (!base) throw new Error('TEST_MONGODB_BASE is not set: run the suite through jest (its global setup starts FerretDB)');
    this.url = `http://127.0.0.1:${port}`;
    this.database = `e2e_${randomUUID().replace(/-/g, '').slice(0, 12)}`;
    this.mongoUri = `${base}/${this.database}`;
  }

  static async start(name: string, env: Record<string, string> = {}): Promise<Site> {
    for (const [file, build] of [[SERVER_MAIN, 'server'], [WEB_INDEX, 'web']]) {
      if (!existsSync(file)) throw new Error(`${file} is missing: build the ${build} first (npx nx run-many -t build)`);
    }
    const site = new Site(await freePort(), env, name);
    await site.start();
    return site;
  }

  /** Starts (or restarts) the server process on the same port and database; resolves once it answers. */
  async start(): Promise<void> {
    mkdirSync(OUTPUT_DIR, { recursive: true });
    const log = createWriteStream(join(OUTPUT_DIR, `server-${this.name}-${++this.starts}.log`));
    const child = spawn(process.execPath, [SERVER_MAIN], {
      cwd: WORKSPACE,
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(this.port),
        HOSTNAME: '127.0.0.1',
        MONGODB_URI: this.mongoUri,
        API_SECRET,
        INSECURE_USE_HTTP: 'true',
        AUTH_FAIL_DELAY: '0',
        // Every browser context of the suite connects from 127.0.0.1, reconnects included.
        RATE_LIMIT_HANDSHAKES_PER_MIN: '1000',
        ...this.env,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    this.process = child;
    const deadline = Date.now() + 30_000;
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`the ${this.name} server exited with ${child.exitCode}: see ${OUTPUT_DIR}`);
      const ok = await fetch(`${this.url}/api/v1/status.json`, { headers: { accept: 'application/json', 'api-secret': API_SECRET_SHA1 } }).then((r) => r.ok, () => false);
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`the ${this.name} server did not answer within 30 s`);
  }

  /** Stops the server as an operator would (SIGTERM), keeping its database. */
  async stop(): Promise<void> {
    const child = this.process;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((r) => child.once('exit', () => r()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  }

  /** A REST call as the API secret holder. */
  async api<T = unknown>(path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
    const res = await fetch(this.url + path, {
      method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
      headers: { accept: 'application/json', 'api-secret': API_SECRET_SHA1, ...(init.body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
    });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  /** Creates a subject with these roles and returns its access token. */
  async subject(name: string, roles: string[]): Promise<string> {
    await this.api('/api/v2/authorization/subjects', { body: { name, roles } });
    const subjects = await this.api<{ name: string; accessToken: string }[]>('/api/v2/authorization/subjects');
    return subjects.find((s) => s.name === name)!.accessToken;
  }
}

/** A CGM reading `minutesAgo` minutes before now, as uploaders post it. */
export const sgv = (mgdl: number, minutesAgo = 0, direction = 'Flat') => {
  const date = Date.now() - minutesAgo * 60_000;
  return { type: 'sgv', sgv: mgdl, date, dateString: new Date(date).toISOString(), direction, device: 'e2e-cgm' };
};
