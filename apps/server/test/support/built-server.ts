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

/** Throws (in beforeAll) when the server has not been built: the server's test target builds it first. */
export function requireBuild(): void {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: the server test target builds it first (nx run server:test)`);
}

/** Runs the built server as `npm run server` does (JSON logs, as stdout is a pipe), collecting its output. */
export function runBuiltServer(env: Record<string, string>): BuiltServer {
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MONGODB_URI|MONGO_CONNECTION|MONGO|CUSTOMCONNSTR_.*|API_SECRET|PORT|LOG_.*)$/i.test(k)));
  const child = spawn(process.execPath, [MAIN], { env: { ...clean, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const listening = async (ms = 30_000) => Number((await waitFor(() => output.match(/listening on http:\/\/[^:]+:(\d+)/), ms))[1]);
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
