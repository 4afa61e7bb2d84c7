import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const MAIN = join(__dirname, '../../dist/main.js');

export interface BuiltServer {
  child: ChildProcess;
  /** Everything it printed so far, standard output and error. */
  output(): string;
  exited: Promise<number | null>;
  /** Resolves with the port once the start banner is out. */
  listening(ms?: number): Promise<number>;
}

/** Starting Node and Nest takes seconds, many on a loaded machine: the timeout of a test that starts the built server. */
export const BUILT_SERVER_TEST_TIMEOUT_MS = 120_000;

const running = new Set<ChildProcess>();

/**
 * For the suites that start the built server: checks (before all) that it has been built — the
 * server's test target builds it first — and kills (after each test) whatever a failed test left
 * running, so that Jest can exit.
 */
export function useBuiltServers(): void {
  jest.setTimeout(BUILT_SERVER_TEST_TIMEOUT_MS);
  beforeAll(() => {
    if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: the server test target builds it first (nx run server:test)`);
  });
  afterEach(() => {
    for (const child of running) child.kill('SIGKILL');
  });
}

/** Runs the built server as `npm run server` does (JSON logs, as stdout is a pipe), collecting its output. */
export function runBuiltServer(env: Record<string, string>): BuiltServer {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MONGODB_URI|MONGO_CONNECTION|MONGO|CUSTOMCONNSTR_.*|API_SECRET|PORT|LOG_.*)$/i.test(k)));
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.on('exit', (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  const listening = async (ms = 90_000) => Number((await waitFor(() => output.match(/listening on http:\/\/[^:]+:(\d+)/), ms))[1]);
  return { child, output: () => output, exited, listening };
}

/** Polls `check` until it returns something truthy, or throws after `ms`. */
export async function waitFor<T>(check: () => T | null | undefined | false, ms: number, what = 'the condition'): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** Milliseconds `promise` took to settle. */
export async function timed(promise: Promise<unknown>): Promise<number> {
  const start = Date.now();
  await promise;
  return Date.now() - start;
}
