import { randomUUID } from 'node:crypto';
import { Agent, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { useBuiltServers, runBuiltServer, timed, waitFor, type BuiltServer } from './support/built-server';
import { TEST_API_SECRET, TEST_SECRET_SHA1 } from './support/test-server';

/** The built server on its own database of the test FerretDB, SIGTERM's grace set to `graceMs`. */
async function start(graceMs: number): Promise<{ server: BuiltServer; port: number }> {
  const server = runBuiltServer({
    MONGODB_URI: `${process.env.TEST_MONGODB_BASE}/stop_${randomUUID().slice(0, 8)}`,
    API_SECRET: TEST_API_SECRET,
    PORT: '0',
    HOSTNAME: '127.0.0.1',
    SHUTDOWN_GRACE_MS: String(graceMs),
  });
  return { server, port: await server.listening() };
}

const entry = () => JSON.stringify({ type: 'sgv', sgv: 120, date: Date.now(), dateString: new Date().toISOString(), device: 'shutdown-test' });

/** An upload over a raw connection: headers and the first `sent` bytes of the body now, the rest by `finish()`. */
function partialUpload(port: number, body: string, sent: number) {
  const socket: Socket = connect(port, '127.0.0.1');
  let response = '';
  socket.on('data', (d) => (response += d));
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  socket.on('error', () => undefined);
  socket.write(
    `POST /api/v1/entries HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\napi-secret: ${TEST_SECRET_SHA1}\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nConnection: keep-alive\r\n\r\n${body.slice(0, sent)}`,
  );
  return { response: () => response, closed, finish: () => socket.write(body.slice(sent)) };
}

/** SIGTERM, resolved once the server says it is stopping (from then on it accepts no request). */
async function terminate(server: BuiltServer): Promise<void> {
  server.child.kill('SIGTERM');
  await waitFor(() => /SIGTERM: stopping/.test(server.output()), 15_000, 'the stop to begin');
}

describe('SIGTERM during uploads', () => {
  useBuiltServers();

  it('lets an upload in flight finish within the grace, answered with Connection: close, then exits', async () => {
    const { server, port } = await start(30_000);
    const body = `[${entry()}]`;
    const upload = partialUpload(port, body, 10);
    await new Promise((r) => setTimeout(r, 200));
    await terminate(server);
    await new Promise((r) => setTimeout(r, 300));
    upload.finish();
    await upload.closed;
    expect(upload.response()).toMatch(/^HTTP\/1\.1 200 /);
    expect(upload.response()).toMatch(/\r\nConnection: close\r\n/i);
    expect(upload.response()).toMatch(/"sgv":120/);
    // Long before the 30 s grace: nothing else was in flight.
    expect(await timed(server.exited)).toBeLessThan(10_000);
    expect(await server.exited).toBe(0);
  });

  it('closes a stalled upload once the grace is over, and exits', async () => {
    const { server, port } = await start(1_000);
    const upload = partialUpload(port, `[${entry()}]`, 10);
    await new Promise((r) => setTimeout(r, 200));
    const stopped = timed(server.exited);
    await terminate(server);
    await upload.closed;
    // The grace (1 s) and a margin for a loaded machine; before, it never ended.
    expect(await stopped).toBeLessThan(1_000 + 10_000);
    expect(await server.exited).toBe(0);
    expect(upload.response()).toBe('');
  });

  it('exits at once on a second signal, without waiting for the grace', async () => {
    const { server, port } = await start(30_000);
    const upload = partialUpload(port, `[${entry()}]`, 10);
    await new Promise((r) => setTimeout(r, 200));
    await terminate(server);
    // A copy of the same Ctrl-C (npm passes SIGINT on) within a second is not a second signal.
    server.child.kill('SIGINT');
    await new Promise((r) => setTimeout(r, 1_200));
    expect(server.child.exitCode).toBeNull();
    const stopped = timed(server.exited);
    server.child.kill('SIGTERM');
    expect(await stopped).toBeLessThan(5_000);
    expect(await server.exited).toBe(143);
    await upload.closed;
  });

  it('closes idle keep-alive connections at once and acknowledges no upload that began after the signal', async () => {
    const { server, port } = await start(20_000);
    // An idle keep-alive connection after one request.
    const idle = partialUpload(port, `[${entry()}]`, 0);
    idle.finish();
    await waitFor(() => /^HTTP\/1\.1 200 /.test(idle.response()), 5_000, 'the first upload');
    // Uploaders on keep-alive connections, each sending its next upload as soon as the last is answered.
    const agent = new Agent({ keepAlive: true, maxSockets: 3 });
    let stoppingAt = Infinity;
    const outcomes: { startedAt: number; status?: number; error?: string }[] = [];
    const upload = () =>
      new Promise<void>((resolve) => {
        const outcome: (typeof outcomes)[number] = { startedAt: Date.now() };
        outcomes.push(outcome);
        const req = request({ port, host: '127.0.0.1', method: 'POST', path: '/api/v1/entries', agent, headers: { 'content-type': 'application/json', 'api-secret': TEST_SECRET_SHA1 } }, (res) => {
          outcome.status = res.statusCode;
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', (error) => {
          outcome.error = error.message;
          resolve();
        });
        req.end(`[${entry()}]`);
      });
    const uploader = async () => {
      while (Date.now() < stoppingAt + 1_000) await upload();
    };
    const uploaders = Promise.all([uploader(), uploader(), uploader()]);
    await waitFor(() => outcomes.filter((o) => o.status === 200).length >= 6, 10_000, 'uploads before the signal');
    const idleClosed = timed(idle.closed);
    await terminate(server);
    stoppingAt = Date.now();
    expect(await idleClosed).toBeLessThan(5_000);
    const stopMs = await timed(server.exited);
    await uploaders;
    agent.destroy();
    // Far below the 20 s grace: the uploaders' requests in flight finished, no new one was taken.
    expect(stopMs).toBeLessThan(10_000);
    expect(await server.exited).toBe(0);
    const late = outcomes.filter((o) => o.startedAt > stoppingAt);
    expect(late.length).toBeGreaterThan(0);
    expect(late.filter((o) => o.status !== undefined && o.status < 300)).toEqual([]);
  });
});
