// A built server as a black box: started as `node <main.js>` on its own embedded FerretDB (DATA_DIR),
// watched through /proc, addressed over HTTP and socket.io with the API secret.
const { spawn } = require('node:child_process');
const { createHash } = require('node:crypto');
const { readFileSync, readdirSync } = require('node:fs');
const { createServer } = require('node:net');
const { clearTimeout } = require('node:timers');

const SECRET = 'bench secret phrase';
const SECRET_SHA1 = createHash('sha1').update(SECRET).digest('hex');
const ADMIN_HEADERS = { 'api-secret': SECRET_SHA1 };

const freePort = () =>
  new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

/** utime + stime of a process, in milliseconds (clock ticks of 10 ms, Linux's USER_HZ). */
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** CPU time, ms, of a process and every process under it (the server and its embedded FerretDB). */
function treeCpuMs(pid) {
  let total = 0;
  try {
    total = cpuMs(pid);
    for (const task of readdirSync(`/proc/${pid}/task`)) {
      for (const child of readFileSync(`/proc/${pid}/task/${task}/children`, 'utf8').split(' ').filter(Boolean)) total += treeCpuMs(Number(child));
    }
  } catch {
    // The process ended while being read: its time is no longer counted.
  }
  return total;
}

/** Resident set size of a process, MiB. */
function rssMiB(pid) {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]);
  return Math.round(kb / 1024);
}

/**
 * Starts `node [nodeArgs] main` with the embedded database in `dataDir`, rate limits off (they would measure
 * the limiter), warnings-only logs, and waits until it is ready: `/health/ready` answers 200, or,
 * on builds that predate it (404), `/api/v1/status.json` does. Rejects after `timeoutMs`.
 */
async function startServer({ main, dataDir, timeoutMs, env = {}, nodeArgs = [] }) {
  const port = await freePort();
  const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(MONGODB_URI|MONGO_CONNECTION|MONGO|MONGOLAB_URI|STORAGE_URI|CUSTOMCONNSTR_.*|API_SECRET|PORT|HOSTNAME|LOG_.*|READ_MODEL)$/i.test(k)));
  const child = spawn(process.execPath, [...nodeArgs, main], {
    env: {
      ...clean,
      API_SECRET: SECRET,
      PORT: String(port),
      HOSTNAME: '127.0.0.1',
      DATA_DIR: dataDir,
      INSECURE_USE_HTTP: 'true',
      LOG_LEVEL: 'warn',
      RATE_LIMIT_READ_PER_MIN: '0',
      RATE_LIMIT_WRITE_PER_MIN: '0',
      RATE_LIMIT_SOCKET_WRITES_PER_10S: '0',
      RATE_LIMIT_SOCKET_READS_PER_10S: '0',
      RATE_LIMIT_HANDSHAKES_PER_MIN: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output = (output + d).slice(-20_000)));
  child.stderr.on('data', (d) => (output = (output + d).slice(-20_000)));
  let exited = false;
  const exit = new Promise((resolve) => child.on('exit', (code) => ((exited = true), resolve(code))));
  const url = `http://127.0.0.1:${port}`;
  const started = Date.now();
  const server = {
    url,
    pid: child.pid,
    startedAt: started,
    output: () => output,
    cpuMs: () => cpuMs(child.pid),
    treeCpuMs: () => treeCpuMs(child.pid),
    rssMiB: () => rssMiB(child.pid),
    async stop() {
      if (exited) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exit;
      clearTimeout(timer);
    },
  };
  for (;;) {
    if (exited) throw new Error(`the server exited during start-up:\n${output.slice(-3000)}`);
    if (Date.now() - started > timeoutMs) {
      await server.stop();
      const error = new Error(`did not start in ${Math.round(timeoutMs / 1000)} s`);
      error.startTimeout = true;
      throw error;
    }
    const ready = await fetch(`${url}/health/ready`).then((r) => r.status, () => 0);
    if (ready === 200) break;
    if (ready === 404 && (await fetch(`${url}/api/v1/status.json`).then((r) => r.status, () => 0)) === 200) break;
    await sleep(250);
  }
  server.startMs = Date.now() - started;
  return server;
}

/**
 * Waits until the server's start-up work in the background (a first start's reads and index passes)
 * is over, told by the CPU of the server and its embedded database: less than `idleShare` of a core
 * over `windowMs`. Returns the seconds waited; gives up after `timeoutMs` (and says so) rather than measure on forever.
 */
async function waitUntilSettled(server, { windowMs = 2000, idleShare = 0.05, timeoutMs = 300_000 } = {}) {
  const started = Date.now();
  for (;;) {
    const before = server.treeCpuMs();
    await sleep(windowMs);
    if (server.treeCpuMs() - before < windowMs * idleShare) return { seconds: (Date.now() - started) / 1000, settled: true };
    if (Date.now() - started > timeoutMs) return { seconds: (Date.now() - started) / 1000, settled: false };
  }
}

/** An admin subject's access token (for `/storage`) and JWT (for API v3), made with the API secret. */
async function adminCredentials(url) {
  const name = `bench-${Date.now()}`;
  const created = await fetch(`${url}/api/v2/authorization/subjects`, { method: 'POST', headers: { ...ADMIN_HEADERS, 'content-type': 'application/json' }, body: JSON.stringify({ name, roles: ['admin'] }) });
  if (created.status !== 201) throw new Error(`creating a subject: ${created.status} ${await created.text()}`);
  const subjects = await (await fetch(`${url}/api/v2/authorization/subjects`, { headers: ADMIN_HEADERS })).json();
  const { accessToken } = subjects.find((s) => s.name === name);
  const res = await fetch(`${url}/api/v2/authorization/request/${accessToken}`);
  if (res.status !== 200) throw new Error(`requesting a JWT: ${res.status}`);
  return { accessToken, jwt: (await res.json()).token };
}

module.exports = { SECRET_SHA1, ADMIN_HEADERS, startServer, waitUntilSettled, adminCredentials, sleep, cpuMs, rssMiB };
