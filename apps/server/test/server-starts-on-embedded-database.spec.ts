import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const MAIN = join(__dirname, '../dist/main.js');

/** Runs the built server as `npm run server` does, collecting its output. */
function runServer(env: Record<string, string>): { child: ChildProcess; output: () => string; exited: Promise<number | null> } {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MONGODB_URI|MONGO_CONNECTION|MONGO|CUSTOMCONNSTR_.*|API_SECRET|PORT)$/i.test(k)));
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

async function waitFor(check: () => RegExpMatchArray | null, ms: number): Promise<RegExpMatchArray> {
  const deadline = Date.now() + ms;
  for (;;) {
    const match = check();
    if (match) return match;
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('the built server', () => {
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: the server test target builds it first (nx run server:test)`);
  });

  it('starts without MONGODB_URI on an embedded FerretDB with its data in DATA_DIR, answers, and stops it', async () => {
    const dataDir = join(mkdtempSync(join(tmpdir(), 'ns-embedded-')), 'data');
    const server = runServer({ PORT: '0', DATA_DIR: dataDir, API_SECRET: 'this is my long pass phrase' });
    try {
      const [, port] = await waitFor(() => server.output().match(/Listening on [\d.]+:(\d+)/), 30_000);
      const status = await fetch(`http://127.0.0.1:${port}/api/v1/status.json`);
      expect(status.status).toBe(200);
      expect((await status.json()).status).toBe('ok');
      const version = await (await fetch(`http://127.0.0.1:${port}/api/v3/version`)).json();
      expect(version.result.storage.storage).toBe('mongodb');
      expect(readdirSync(dataDir).some((f) => f.endsWith('.sqlite'))).toBe(true);
    } finally {
      server.child.kill('SIGTERM');
    }
    expect(await server.exited).toBe(0);
  });

  it('refuses to start on a bad setting with one message naming the variable', async () => {
    const server = runServer({ API_SECRET: 'too short' });
    expect(await server.exited).toBe(1);
    expect(server.output().trim()).toBe('Invalid configuration: API_SECRET must be at least 12 characters long');
  });
});
