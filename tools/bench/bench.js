#!/usr/bin/env node
// The project's benchmark (docs/performance.md, "How to run"): a built server as a black box on its
// own embedded FerretDB, seeded by tools/seed, measured over HTTP and socket.io.
//   npm run bench [-- --quick] [--only writes,fanout,load,memory,growth,storage] [--server path/to/main.js]
//                 [--growth-days 30,180,365] [--start-timeout-min 10] [--seed 1] [--writes 400]
//                 [--endpoint-budget-s 120] [--instances 2] [--load-runs 25] [--cpu-profile] [--help]
// --instances 2 runs the fan-out a second time on two instances (one FerretDB, a Redis: REDIS_URL
// or a redis-server started here), writer on the first, subscribers on both (docs/scale-out.md).
// --cpu-profile runs the seeded server under `node --cpu-prof` and splits its CPU per write kind by
// owner (driver, server code, each library), to compare with the target that excludes the driver.
// Prints a table per section and writes everything to .cache/bench/<timestamp>.json.
const { execFileSync, spawn } = require('node:child_process');
const { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = require('node:fs');
const { createHash } = require('node:crypto');
const { cpus, loadavg, tmpdir } = require('node:os');
const { dirname, join, resolve } = require('node:path');
const { parseArgs } = require('node:util');
const { MongoClient } = require('mongodb');
const { seed } = require('../seed/seed');
const { ROOT, DIST, ensureServerBuilt, startEmbedded } = require('../seed/database');
const { SECRET_SHA1, ADMIN_HEADERS, startServer, waitUntilSettled, adminCredentials, sleep } = require('./server');
const { now, percentiles, connect, authorizeToDataUpdate, subscriberProcesses, split } = require('./measure');
const { storageLayer } = require('./storage-layer');
const { monotonicUs, readProfile, splitProfile } = require('./cpu-split');

const SECTIONS = ['load', 'writes', 'fanout', 'memory', 'growth', 'storage'];
/** Sections measured on one server started on 48 h of seeded data. */
const ON_SEEDED_SERVER = ['load', 'writes', 'fanout'];
const HOUR = 3_600_000;

const { values: args } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    only: { type: 'string' },
    server: { type: 'string' },
    'growth-days': { type: 'string' },
    'start-timeout-min': { type: 'string', default: '10' },
    seed: { type: 'string', default: '1' },
    writes: { type: 'string' },
    'endpoint-budget-s': { type: 'string', default: '120' },
    instances: { type: 'string', default: '1' },
    'load-runs': { type: 'string' },
    'cpu-profile': { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  // The usage is this file's opening comment.
  const lines = readFileSync(process.argv[1], 'utf8').split('\n').slice(1);
  console.log(lines.slice(0, lines.findIndex((line) => !line.startsWith('//'))).map((line) => line.replace(/^\/\/ ?/, '')).join('\n'));
  process.exit(0);
}
const quick = args.quick;
const only = args.only ? args.only.split(',').map((s) => s.trim()) : SECTIONS;
for (const name of only) if (!SECTIONS.includes(name)) throw new Error(`--only: unknown section ${name} (sections: ${SECTIONS.join(', ')})`);
const startTimeoutMs = Number(args['start-timeout-min']) * 60_000;
const growthDays = (args['growth-days'] ?? (quick ? '2,7' : '30,180,365')).split(',').map(Number);
const seedNumber = Number(args.seed);
const instances = Number(args.instances);
if (instances !== 1 && instances !== 2) throw new Error('--instances: 1 or 2');

if (!args.server) ensureServerBuilt();
const MAIN = resolve(args.server ?? join(DIST, 'main.js'));
if (!existsSync(MAIN)) throw new Error(`${MAIN} does not exist: build that checkout first (npx nx build server)`);
const SERVER_DIST = dirname(MAIN);

const load = () => loadavg().map((v) => v.toFixed(2)).join(' ');
const log = (message) => console.error(`[${new Date().toISOString().slice(11, 19)}] ${message}`);
const workDir = mkdtempSync(join(tmpdir(), 'ns-bench-'));

/** The git commit of the server's checkout, when it is one. */
function serverCommit() {
  try {
    return execFileSync('git', ['-C', SERVER_DIST, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return undefined;
  }
}

/**
 * A data dir holding `days` of seeded data ending now-ish, seeded by the server's own FerretDB.
 * Long seeds are cached under .cache/bench/seeds for 6 hours (a year takes minutes) and copied, as
 * the server changes the files it starts on; `to` is where the data ends.
 */
async function seededDir(days) {
  const fresh = join(workDir, `data-${days}d-${Date.now()}`);
  if (days <= 2) {
    const result = await seed({ dataDir: fresh, serverDist: SERVER_DIST, days, seed: seedNumber });
    return { dir: fresh, to: Date.parse(result.to), written: result.written, seedMs: result.ms };
  }
  const tools = createHash('sha1');
  for (const file of ['generate.js', 'seed.js']) tools.update(readFileSync(join(__dirname, '../seed', file)));
  tools.update(SERVER_DIST);
  const cache = join(ROOT, '.cache/bench/seeds', `${days}d-seed${seedNumber}-${tools.digest('hex').slice(0, 10)}`);
  const metaFile = join(cache, 'seed.json');
  let meta = existsSync(metaFile) ? JSON.parse(readFileSync(metaFile, 'utf8')) : undefined;
  if (!meta || Date.parse(meta.to) < Date.now() - 6 * HOUR) {
    rmSync(cache, { recursive: true, force: true });
    log(`seeding ${days} days (cached in ${cache})…`);
    const result = await seed({ dataDir: join(cache, 'data'), serverDist: SERVER_DIST, days, seed: seedNumber });
    meta = { to: result.to, written: result.written, ms: result.ms };
    writeFileSync(metaFile, JSON.stringify(meta));
    log(`seeded ${days} days in ${Math.round(result.ms / 1000)} s`);
  }
  cpSync(join(cache, 'data'), fresh, { recursive: true });
  return { dir: fresh, to: Date.parse(meta.to), written: meta.written, seedMs: meta.ms };
}

/**
 * A server started on `data`, ready. With `settle`, also past its start-up work (a first start's
 * reads and index passes), so that sections measure the steady state, not the first minutes.
 */
async function startOn(data, { nodeArgs = [], settle = false, profiled = false } = {}) {
  log(`starting ${MAIN} on ${data.dir}…`);
  const server = await startServer({ main: MAIN, dataDir: data.dir, timeoutMs: startTimeoutMs, nodeArgs });
  log(`ready in ${(server.startMs / 1000).toFixed(1)} s (load ${load()})`);
  if (settle) {
    // The profiler's sampling alone keeps an idle server at ~12 % of a core.
    const { seconds, settled } = await waitUntilSettled(server, { idleShare: profiled ? 0.25 : 0.05 });
    log(settled ? `start-up work done ${seconds.toFixed(1)} s later` : `still busy ${seconds.toFixed(0)} s later: measuring anyway`);
  }
  return server;
}

const json = (body, headers = {}) => ({ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

/**
 * Times `requests` sequential calls of `call` (which throws on a wrong answer), fewer (at least 3)
 * when they take longer than `--endpoint-budget-s` together: an old build can take seconds each.
 */
async function timeRequests(requests, call) {
  const samples = [];
  const deadline = now() + Number(args['endpoint-budget-s']) * 1000;
  for (let i = 0; i < requests && (i < 3 || now() < deadline); i++) {
    const t = now();
    await call(i);
    samples.push(now() - t);
  }
  return percentiles(samples);
}

async function expectStatus(responsePromise, status, what) {
  const res = await responsePromise;
  const body = await res.text();
  if (res.status !== status) throw new Error(`${what}: ${res.status} ${body.slice(0, 300)}`);
  return body;
}

// Unique times for written documents, so that no write is a duplicate of another.
let sequence = 0;
const entry = (at) => ({ type: 'sgv', sgv: 100 + (sequence % 200), direction: 'Flat', date: at, dateString: new Date(at).toISOString(), device: 'bench' });
const treatment = (at, notes) => ({ eventType: 'Correction Bolus', insulin: 0.05 + (sequence % 40) / 20, created_at: new Date(at).toISOString(), enteredBy: 'bench', ...(notes ? { notes } : {}) });
/** Times inside the data window (48 h), 3 s apart (legacy dbAdd merges treatments within 2 s). */
const treatmentTime = () => Date.now() - 40 * HOUR + 3_000 * sequence++;
const entryTime = () => Date.now() - 2 * HOUR + sequence++;

// ---------------------------------------------------------------------------------------------
// 3. Initial load: authorize → first full dataUpdate with 48 h of data.
async function initialLoad(server) {
  // On a settled server (startOn): the first runs still meet cold code; more show the steady state.
  const runs = Number(args['load-runs'] ?? (quick ? 5 : 25));
  const ms = [];
  const bytes = [];
  for (let i = 0; i < runs; i++) {
    const r = await authorizeToDataUpdate(server.url, SECRET_SHA1);
    ms.push(r.ms);
    bytes.push(r.bytes);
  }
  return { runs, ms: percentiles(ms), bytes: percentiles(bytes).p50, load: load() };
}

// ---------------------------------------------------------------------------------------------
// 1. Writes.
async function writes(server, credentials) {
  const requests = Number(args.writes ?? (quick ? 40 : 400));
  const kinds = [
    { name: 'POST /api/v1/entries (1)', docs: 1, client: async () => (at) => expectStatus(fetch(`${server.url}/api/v1/entries`, json([entry(at)], ADMIN_HEADERS)), 200, 'v1 entries') , time: entryTime },
    {
      name: 'POST /api/v1/entries (10)',
      docs: 10,
      client: async () => () => expectStatus(fetch(`${server.url}/api/v1/entries`, json(Array.from({ length: 10 }, () => entry(entryTime())), ADMIN_HEADERS)), 200, 'v1 entries'),
      time: entryTime,
    },
    {
      name: 'POST /api/v3/treatments',
      docs: 1,
      client: async () => (at) => expectStatus(fetch(`${server.url}/api/v3/treatments`, json({ ...treatment(at), date: at, app: 'bench' }, { authorization: `Bearer ${credentials.jwt}` })), 201, 'v3 create'),
      time: treatmentTime,
    },
    {
      name: 'dbAdd (legacy socket)',
      docs: 1,
      client: async (sockets) => {
        const socket = await connect(server.url);
        sockets.push(socket);
        await socket.timeout(60_000).emitWithAck('authorize', { secret: SECRET_SHA1 });
        return async (at) => {
          const answer = await socket.timeout(60_000).emitWithAck('dbAdd', { collection: 'treatments', data: treatment(at) });
          if (!Array.isArray(answer) || answer.length !== 1) throw new Error(`dbAdd: ${JSON.stringify(answer).slice(0, 300)}`);
        };
      },
      time: treatmentTime,
    },
  ];
  const rows = [];
  const windows = [];
  for (const kind of kinds) {
    for (const clients of [1, 4]) {
      const sockets = [];
      const senders = await Promise.all(Array.from({ length: clients }, () => kind.client(sockets)));
      const samples = [];
      const cpu0 = server.cpuMs();
      const from = monotonicUs();
      const t0 = now();
      await Promise.all(
        senders.map(async (send) => {
          for (let i = 0; i < requests / clients; i++) {
            const t = now();
            await send(kind.time());
            samples.push(now() - t);
          }
        }),
      );
      const wall = now() - t0;
      windows.push({ name: `${kind.name} × ${clients}`, fromUs: from, toUs: monotonicUs(), requests });
      const cpu = server.cpuMs() - cpu0;
      for (const socket of sockets) socket.close();
      rows.push({ kind: kind.name, clients, requests, docsPerS: Math.round((requests * kind.docs * 1000) / wall), ms: percentiles(samples), cpuMsPerRequest: +(cpu / requests).toFixed(2), cpuMsPerDoc: +(cpu / requests / kind.docs).toFixed(2), load: load() });
      log(`writes: ${kind.name} × ${clients} clients: ${rows.at(-1).docsPerS} docs/s`);
    }
  }
  return { rows, windows, driver: await driverWrites(requests) };
}

/** The same inserts through the raw driver into a fresh FerretDB (the server's): the store's limit. */
async function driverWrites(requests) {
  const db = await startEmbedded(join(workDir, 'driver'), SERVER_DIST);
  const client = new MongoClient(db.uri);
  const rows = [];
  try {
    await client.connect();
    const entries = client.db().collection('entries');
    const treatments = client.db().collection('treatments');
    await entries.insertOne(entry(entryTime()));
    await treatments.insertOne(treatment(treatmentTime()));
    const kinds = [
      { name: 'insertOne entry', docs: 1, send: () => entries.insertOne(entry(entryTime())) },
      { name: 'insertMany 10 entries', docs: 10, send: () => entries.insertMany(Array.from({ length: 10 }, () => entry(entryTime())), { ordered: false }) },
      { name: 'insertOne treatment', docs: 1, send: () => treatments.insertOne(treatment(treatmentTime())) },
    ];
    for (const kind of kinds) {
      for (const clients of [1, 4]) {
        const samples = [];
        const t0 = now();
        await Promise.all(
          Array.from({ length: clients }, async () => {
            for (let i = 0; i < requests / clients; i++) {
              const t = now();
              await kind.send();
              samples.push(now() - t);
            }
          }),
        );
        rows.push({ kind: kind.name, clients, requests, docsPerS: Math.round((requests * kind.docs * 1000) / (now() - t0)), ms: percentiles(samples), load: load() });
      }
    }
  } finally {
    await client.close();
    await db.stop();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// 2. Fan-out: one writer, subscribers in two child processes (so that their event handling does
// not starve the measuring process).
/** `servers[0]` takes the writes; subscriber process i connects to `servers[i % servers.length]`. */
async function fanout(servers, credentials) {
  const [server] = servers;
  const instanceNote = servers.length > 1 ? `, ${servers.length} instances` : '';
  const writesPerSize = quick ? 20 : 50;
  const sizes = quick ? [100] : [100, 500, 1000];
  const pool = subscriberProcesses(2);
  const results = [];
  try {
    const run = async ({ size, rootShare, write, label }) => {
      const root = Math.round(size * rootShare);
      const storage = size - root;
      const rootSplit = split(root, 2);
      const storageSplit = split(storage, 2);
      const opened = await pool.all(
        [0, 1].map((i) => ({ type: 'open', url: servers[i % servers.length].url, secret: SECRET_SHA1, accessToken: credentials.accessToken, root: rootSplit[i], storage: storageSplit[i] })),
        'opened',
      );
      const failed = opened.reduce((n, o) => n + o.failed, 0);
      // Missed events are counted over the subscribers that connected; failed connections are reported apart.
      const connected = { root: root - opened.reduce((n, o) => n + o.failedRoot, 0), storage: storage - opened.reduce((n, o) => n + o.failedStorage, 0) };
      if (failed) log(`fan-out: ${failed} of ${size} subscribers could not connect`);
      await sleep(1000);
      const prefix = `${label}-${Date.now()}-`;
      await pool.all([{ type: 'watch', prefix }], 'watching');
      const sent = new Map();
      const answered = new Map();
      for (let i = 0; i < writesPerSize; i++) {
        const notes = `${prefix}${i}`;
        const at = treatmentTime();
        sent.set(notes, now());
        await write(at, notes);
        answered.set(notes, now());
        await sleep(50);
      }
      // Wait for the stragglers: every subscriber should see every write once.
      const expected = connected;
      let reports;
      for (let waited = 0; waited < 15_000; waited += 500) {
        reports = await pool.all([{ type: 'report' }], 'report');
        const got = (channel) => reports.reduce((n, r) => n + Object.values(r.arrivals[channel]).reduce((m, list) => m + list.length, 0), 0);
        if (got('root') >= expected.root * writesPerSize && got('storage') >= expected.storage * writesPerSize) break;
        await sleep(500);
      }
      const channel = (name, subscribers, of = reports) => {
        if (subscribers === 0) return undefined;
        const fromSend = [];
        const fromResponse = [];
        for (const report of of) {
          for (const [notes, times] of Object.entries(report.arrivals[name])) {
            for (const t of times) {
              fromSend.push(t - sent.get(notes));
              fromResponse.push(t - answered.get(notes));
            }
          }
        }
        return { subscribers, fromSend: percentiles(fromSend), fromResponse: percentiles(fromResponse), missed: subscribers * writesPerSize - fromSend.length, duplicated: of.reduce((n, r) => n + r.duplicates[name], 0) };
      };
      await pool.all([{ type: 'close' }], 'closed');
      const result = { label: label + instanceNote, size, writes: writesPerSize, connectFailures: failed, root: channel('root', connected.root), storage: channel('storage', connected.storage), load: load() };
      results.push(result);
      if (servers.length > 1) {
        // The subscribers of the second process, on the other instance: what crossed Redis.
        const other = (key) => opened[1][key === 'root' ? 'failedRoot' : 'failedStorage'];
        results.push({ ...result, label: `${result.label}: on the other instance`, root: channel('root', rootSplit[1] - other('root'), [reports[1]]), storage: channel('storage', storageSplit[1] - other('storage'), [reports[1]]) });
      }
      log(`fan-out ${label} ${size}: / p99 ${result.root?.fromSend.p99 ?? '-'} ms, /storage p99 ${result.storage?.fromSend.p99 ?? '-'} ms`);
      await sleep(1000);
    };
    const v3Write = (at, notes) => expectStatus(fetch(`${server.url}/api/v3/treatments`, json({ ...treatment(at, notes), date: at, app: 'bench' }, { authorization: `Bearer ${credentials.jwt}` })), 201, 'v3 create');
    const v1Write = (at, notes) => expectStatus(fetch(`${server.url}/api/v1/treatments`, json(treatment(at, notes), ADMIN_HEADERS)), 200, 'v1 treatments');
    for (const size of sizes) await run({ size, rootShare: 0.5, write: v3Write, label: 'v3 write' });
    await run({ size: 100, rootShare: 1, write: v1Write, label: 'v1 write' });
  } finally {
    await pool.stop();
  }
  return results;
}

// ---------------------------------------------------------------------------------------------
// 4. Memory: RSS idle, with many idle authorized `/` sockets (from child processes), after they close.
/** Times `GET /health/live`, one request after another (20 ms apart), until `until`: the milliseconds each took. */
async function answerTimes(url, until) {
  const times = [];
  while (now() < until) {
    const started = now();
    await fetch(`${url}/health/live`).then((res) => res.arrayBuffer());
    times.push(now() - started);
    await sleep(20);
  }
  return times;
}

async function memory(server) {
  const levels = quick ? [200, 500] : [1000, 5000];
  const processes = 4;
  const levelTimeoutMs = (quick ? 2 : 5) * 60_000;
  await sleep(5000);
  const result = { idleMiB: server.rssMiB(), levels: [], load: load() };
  log(`memory: idle ${result.idleMiB} MiB`);
  const pool = subscriberProcesses(processes);
  let closing;
  try {
    let open = 0;
    for (const level of levels) {
      const started = now();
      const shares = split(level - open, processes);
      const opening = pool.all(shares.map((n) => ({ type: 'open', url: server.url, secret: SECRET_SHA1, root: n, storage: 0 })), 'opened');
      const outcome = await Promise.race([opening.then((replies) => replies), sleep(levelTimeoutMs).then(() => undefined)]);
      if (!outcome) {
        result.levels.push({ level, reached: false, note: `not all open after ${levelTimeoutMs / 60_000} min`, rssMiB: server.rssMiB(), load: load() });
        log(`memory: ${level} sockets not open after ${levelTimeoutMs / 60_000} min (RSS ${server.rssMiB()} MiB)`);
        break;
      }
      open = outcome.reduce((n, o) => n + o.open, 0);
      const failed = outcome.reduce((n, o) => n + o.failed, 0);
      await sleep(5000);
      result.levels.push({ level, reached: true, open, failed, openSeconds: Math.round((now() - started) / 100) / 10, rssMiB: server.rssMiB(), load: load() });
      log(`memory: ${open} sockets open (${failed} failed), RSS ${result.levels.at(-1).rssMiB} MiB`);
    }
    // From just before the close until 10 s after: how long the server kept a request waiting. The
    // collection after a mass close (apps/server/src/realtime/collect-after-mass-close.ts) stops it for its length.
    closing = answerTimes(server.url, now() + 12_000);
  } finally {
    await pool.stop();
  }
  await sleep(10_000);
  if (closing) {
    result.liveDuringClose = percentiles(await closing);
    log(`memory: GET /health/live from the close to 10 s after: p99 ${result.liveDuringClose.p99} ms, max ${result.liveDuringClose.max} ms`);
  }
  result.afterCloseMiB = server.rssMiB();
  log(`memory: 10 s after close ${result.afterCloseMiB} MiB`);
  // V8 collects the closed sockets' objects only at its next major GC; with nothing allocating,
  // that is its memory reducer's, up to about 100 s after the last one (docs/performance.md, "Memory").
  const closed = now() - 10_000;
  while (now() - closed < 150_000 && server.rssMiB() > result.idleMiB + 50) await sleep(1000);
  result.backWithin50MiBSeconds = server.rssMiB() <= result.idleMiB + 50 ? Math.round((now() - closed) / 1000) : undefined;
  await sleep(Math.max(0, closed + 150_000 - now()));
  result.after150sMiB = server.rssMiB();
  log(`memory: 150 s after close ${result.after150sMiB} MiB (within idle + 50 MiB after ${result.backWithin50MiBSeconds ?? '> 150'} s)`);
  return result;
}

// ---------------------------------------------------------------------------------------------
// 5. Growth: hot endpoints at 1 month, 6 months, 1 year of data.
/**
 * Per size: a first start on a database the server has never indexed, measured at once; then,
 * once its start-up work is over (the one-time passes), a next start on the same files, measured
 * at once too: the state a site is in every day after the first.
 */
async function growth() {
  const results = [];
  for (const days of growthDays) {
    const data = await seededDir(days);
    const written = Object.fromEntries(Object.entries(data.written).map(([k, v]) => [k, v.documents]));
    try {
      for (const start of ['first', 'next']) {
        const row = { days, start, written, seedSeconds: Math.round(data.seedMs / 1000) };
        results.push(row);
        if (!(await growthStart(row, data, { settleAfter: start === 'first' }))) break;
      }
    } finally {
      rmSync(data.dir, { recursive: true, force: true });
    }
  }
  return results;
}

/** Starts a server on `data` and times the hot endpoints into `row`; false when a next start would measure nothing new. */
async function growthStart(row, data, { settleAfter }) {
  const requests = quick ? 10 : 30;
  const label = `growth ${row.days} d, ${row.start} start`;
  let server;
  try {
    server = await startOn(data);
  } catch (error) {
    if (!error.startTimeout) throw error;
    row.startup = `did not start in ${startTimeoutMs / 60_000} min`;
    row.load = load();
    log(`${label}: ${row.startup}`);
    return false;
  }
  try {
    row.startSeconds = Math.round(server.startMs / 100) / 10;
    const credentials = await adminCredentials(server.url);
    const get = (path, headers = ADMIN_HEADERS) => () => expectStatus(fetch(`${server.url}${path}`, { headers }), 200, path);
    const dayAgo = new Date(data.to - 24 * HOUR).toISOString();
    const endpoints = [
      ['entries.json?count=1', get('/api/v1/entries.json?count=1')],
      ['entries.json?count=288', get('/api/v1/entries.json?count=288')],
      ['treatments.json?find[created_at][$gte]=24h', get(`/api/v1/treatments.json?find[created_at][$gte]=${encodeURIComponent(dayAgo)}`)],
      ['v3 entries/history/<1h>', get(`/api/v3/entries/history/${data.to - HOUR}`, { authorization: `Bearer ${credentials.jwt}` })],
      ['authorize → dataUpdate', () => authorizeToDataUpdate(server.url, SECRET_SHA1)],
    ];
    row.endpoints = {};
    for (const [name, call] of endpoints) {
      row.endpoints[name] = await timeRequests(requests, call);
      log(`${label}: ${name} p50 ${row.endpoints[name].p50} / p95 ${row.endpoints[name].p95} ms`);
    }
    row.rssMiB = server.rssMiB();
    row.load = load();
    if (!settleAfter) return true;
    // The one-time passes, measured from the process start; the next start needs them done.
    const { settled } = await waitUntilSettled(server, { timeoutMs: startTimeoutMs });
    row.startupWorkSeconds = Math.round((Date.now() - server.startedAt) / 1000);
    log(`${label}: start-up work ${settled ? 'done' : 'still running'} ${row.startupWorkSeconds} s after the process start`);
    if (!settled) row.note = `start-up work not done after ${startTimeoutMs / 60_000} min: no next start`;
    return settled;
  } finally {
    await server.stop();
  }
}

// ---------------------------------------------------------------------------------------------

const fmt = (v) => (v === undefined ? '-' : String(v));
function table(headers, rows) {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => fmt(r[i]).length)));
  const line = (cells) => `| ${cells.map((c, i) => fmt(c).padEnd(widths[i])).join(' | ')} |`;
  return [line(headers), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...rows.map(line)].join('\n');
}

function report(results) {
  const out = [];
  const s = results.sections;
  if (s.load) out.push('## Initial load (authorize → first dataUpdate, 48 h)', table(['runs', 'p50 ms', 'p95 ms', 'max ms', 'bytes', 'load'], [[s.load.runs, s.load.ms.p50, s.load.ms.p95, s.load.ms.max, s.load.bytes, s.load.load]]));
  if (s.writes) {
    out.push('## Writes (server)', table(['kind', 'clients', 'docs/s', 'p50 ms', 'p99 ms', 'CPU ms/request', 'CPU ms/doc', 'load'], s.writes.rows.map((r) => [r.kind, r.clients, r.docsPerS, r.ms.p50, r.ms.p99, r.cpuMsPerRequest, r.cpuMsPerDoc, r.load])));
    if (s.writes.cpuSplit) {
      const owners = (r) => r.byOwner.slice(0, 8).map((o) => `${o.owner} ${o.msPerRequest}`).join(', ');
      out.push('## Writes: sampled server CPU per request by owner (--cpu-profile)', table(['kind', 'sampled ms', 'without driver ms', 'largest owners, ms'], s.writes.cpuSplit.map((r) => [r.name, r.sampledMsPerRequest, r.withoutDriverMsPerRequest, owners(r)])));
    }
    out.push('## Writes (raw driver into FerretDB)', table(['kind', 'clients', 'docs/s', 'p50 ms', 'p99 ms', 'load'], s.writes.driver.map((r) => [r.kind, r.clients, r.docsPerS, r.ms.p50, r.ms.p99, r.load])));
  }
  if (s.fanout) {
    const rows = [];
    for (const r of s.fanout) {
      for (const [name, c] of [['/ dataUpdate', r.root], ['/storage create', r.storage]]) {
        if (c) rows.push([r.label, r.size, name, c.subscribers, c.fromSend.p50, c.fromSend.p95, c.fromSend.p99, c.fromSend.max, c.fromResponse.p99, c.missed, c.duplicated, r.load]);
      }
    }
    out.push('## Fan-out (write sent → event; subscribers in 2 child processes)', table(['write', 'subscribers', 'channel', 'on channel', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'p99 after response', 'missed', 'dup', 'load'], rows));
  }
  if (s.memory) {
    const m = s.memory;
    out.push('## Memory (server RSS)', table(['state', 'RSS MiB', 'note', 'load'], [['idle', m.idleMiB, '', m.load], ...m.levels.map((l) => [`${l.level} sockets`, l.rssMiB, l.reached ? `${l.open} open, ${l.failed} failed, ${l.openSeconds} s to open` : l.note, l.load]), ['10 s after close', m.afterCloseMiB, m.liveDuringClose ? `GET /health/live meanwhile: p99 ${m.liveDuringClose.p99} ms, max ${m.liveDuringClose.max} ms (${m.liveDuringClose.n} requests)` : '', ''], ['150 s after close', m.after150sMiB, `within idle + 50 MiB after ${m.backWithin50MiBSeconds ?? '> 150'} s`, '']]));
  }
  if (s.growth) {
    const names = ['entries.json?count=1', 'entries.json?count=288', 'treatments.json?find[created_at][$gte]=24h', 'v3 entries/history/<1h>', 'authorize → dataUpdate'];
    const cell = (g, n) => (g.endpoints ? `${g.endpoints[n].p50} / ${g.endpoints[n].p95} (${g.endpoints[n].max})${g.endpoints[n].n < (quick ? 10 : 30) ? ` n=${g.endpoints[n].n}` : ''}` : '-');
    out.push(
      '## Growth (p50 / p95 (max) ms)',
      table(
        ['days', 'start', 'entries/devicestatus/treatments', 'ready', 'start-up work', ...names, 'RSS MiB', 'load'],
        s.growth.map((g) => [g.days, g.start, `${g.written.entries}/${g.written.devicestatus}/${g.written.treatments}`, g.startup ?? `${g.startSeconds} s`, g.startupWorkSeconds === undefined ? g.note ?? '-' : `${g.startupWorkSeconds} s`, ...names.map((n) => cell(g, n)), g.rssMiB, g.load]),
      ),
    );
  }
  if (s.storage) {
    out.push(
      '## Storage layer (Mongoose model over the driver, per operation; alternating blocks of 50)',
      table(
        ['operation', 'ops', 'driver p50 µs / p99 ms', 'model p50 µs / p99 ms', 'p50 +%', 'driver CPU µs/op', 'model CPU µs/op', 'CPU +%', 'load'],
        s.storage.map((r) => [r.op, r.rounds, `${r.raw.p50Us} / ${r.raw.ms.p99}`, `${r.model.p50Us} / ${r.model.ms.p99}`, r.p50Overhead, r.raw.cpuUsPerOp, r.model.cpuUsPerOp, r.cpuOverhead, r.load]),
      ),
    );
  }
  return out.join('\n\n');
}

/** A redis-server on a free port unless REDIS_URL names one. */
async function redis() {
  if (process.env.REDIS_URL) return { url: process.env.REDIS_URL, stop: async () => undefined };
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  await new Promise((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', (error) => reject(new Error(`--instances 2 needs redis-server or REDIS_URL: ${error.message}`)));
  });
  await sleep(300);
  return { url: `redis://127.0.0.1:${port}`, stop: async () => void child.kill() };
}

/** The fan-out on two instances sharing one FerretDB and one Redis. */
async function fanoutOnTwoInstances() {
  const data = await seededDir(2);
  const database = await startEmbedded(data.dir, SERVER_DIST);
  const shared = await redis();
  const env = { MONGODB_URI: database.uri, REDIS_URL: shared.url, REDIS_KEY_PREFIX: `bench-${Date.now()}:`, READ_MODEL: 'on' };
  const servers = [];
  try {
    for (let i = 0; i < 2; i++) {
      servers.push(await startServer({ main: MAIN, dataDir: data.dir, timeoutMs: startTimeoutMs, env }));
      log(`instance ${i + 1} ready in ${(servers[i].startMs / 1000).toFixed(1)} s`);
    }
    return await fanout(servers, await adminCredentials(servers[0].url));
  } finally {
    for (const server of servers) await server.stop();
    await shared.stop();
    await database.stop();
  }
}

async function main() {
  const results = { date: new Date().toISOString(), command: `npm run bench -- ${process.argv.slice(2).join(' ')}`.trim(), server: MAIN, serverCommit: serverCommit(), machine: { cpus: cpus().length, model: cpus()[0]?.model }, loadAtStart: load(), quick, sections: {} };
  log(`bench: server ${MAIN} (${results.serverCommit ?? 'no git'}), sections ${only.join(', ')}, load ${results.loadAtStart}`);
  try {
    if (only.some((s) => ON_SEEDED_SERVER.includes(s))) {
      const data = await seededDir(2);
      const profiles = join(workDir, 'cpu-profile');
      const profiled = args['cpu-profile'];
      const server = await startOn(data, { nodeArgs: profiled ? ['--cpu-prof', `--cpu-prof-dir=${profiles}`, '--cpu-prof-interval=200'] : [], settle: true, profiled });
      try {
        const credentials = await adminCredentials(server.url);
        if (only.includes('load')) results.sections.load = await initialLoad(server);
        if (only.includes('writes')) results.sections.writes = await writes(server, credentials);
        if (only.includes('fanout')) results.sections.fanout = await fanout([server], credentials);
      } finally {
        await server.stop();
      }
      // Written when the server exits.
      const w = results.sections.writes;
      if (w && args['cpu-profile']) {
        const { profile, file } = readProfile(profiles);
        w.cpuSplit = splitProfile(profile, w.windows);
        // Kept beside the JSON, to open in Chrome's DevTools.
        w.cpuProfile = join(ROOT, '.cache/bench', `${results.date.replace(/[:.]/g, '-')}.cpuprofile`);
        mkdirSync(dirname(w.cpuProfile), { recursive: true });
        cpSync(file, w.cpuProfile);
      }
    }
    if (only.includes('fanout') && instances === 2) results.sections.fanout.push(...(await fanoutOnTwoInstances()));
    if (only.includes('memory')) {
      const server = await startOn(await seededDir(2), { settle: true });
      try {
        results.sections.memory = await memory(server);
      } finally {
        await server.stop();
      }
    }
    if (only.includes('growth')) results.sections.growth = await growth();
    if (only.includes('storage')) results.sections.storage = await storageLayer({ workDir, serverDist: SERVER_DIST, quick, load });
  } finally {
    rmSync(workDir, { recursive: true, force: true });
    const file = join(ROOT, '.cache/bench', `${results.date.replace(/[:.]/g, '-')}.json`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, JSON.stringify(results, null, 2));
    console.log(`# Benchmark ${results.date}\n\n\`${results.command}\`, server ${MAIN} (${results.serverCommit ?? '?'}), ${results.machine.cpus} CPUs, load at start ${results.loadAtStart}\n`);
    console.log(report(results));
    console.log(`\nJSON: ${file}`);
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
