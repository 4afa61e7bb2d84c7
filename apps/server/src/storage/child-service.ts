import type { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';

/**
 * Waits until `child` accepts connections on loopback `port`; throws `fail(reason)` when it exits
 * first or takes longer than `timeoutMs`.
 */
export async function waitForListener(child: ChildProcess, port: number, timeoutMs: number, fail: (reason: string) => Error): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw fail(`exited with code ${child.exitCode} while starting`);
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
  throw fail(`did not listen on port ${port} within ${timeoutMs} ms`);
}

/** SIGTERM to `child`; resolves once it has exited. */
export function stopChild(child: ChildProcess): Promise<void> {
  return new Promise<void>((done) => {
    if (child.exitCode !== null || child.signalCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}
