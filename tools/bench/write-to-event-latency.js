#!/usr/bin/env node
// Time from a committed write to its event at a subscriber, over N writes (default 1000).
// Starts the built server (npm run build first) on a fresh embedded FerretDB in a temp dir,
// writes with legacy `dbAdd`, and measures at a `/storage` subscriber and a legacy DataReceiver:
//   commit→event: arrival time minus the time the domain event was published (right after the
//                 database acknowledged the write), i.e. the projections and socket delivery;
//   write→event:  arrival time minus the time the writer emitted dbAdd (includes the database write).
// With REDIS_URL set, two instances share the database and that Redis (docs/scale-out.md): the writer
// is on one, the subscribers on the other, so the figures include the hop through the Redis stream.
// Usage: [REDIS_URL=redis://...] node tools/bench/write-to-event-latency.js [writes]
const { mkdtempSync } = require('node:fs');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const { io } = require('socket.io-client');

const dist = join(__dirname, '../../apps/server/dist');
const { loadConfig } = require(join(dist, 'config/app-config'));
const { createApp } = require(join(dist, 'create-app'));
const { startFerretDb } = require(join(dist, 'storage/embedded-ferretdb'));
const { DocumentsChangedEvent } = require(join(dist, 'events/documents-changed.event'));
const { EventBus } = require('@nestjs/cqrs');

const WRITES = Number(process.argv[2] ?? 1000);
const REDIS_URL = process.env.REDIS_URL;
const SECRET = 'bench secret phrase';
const SHA1 = require('node:crypto').createHash('sha1').update(SECRET).digest('hex');

const connect = (url) =>
  new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', reject);
  });

const stats = (samples) => {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { n: sorted.length, median: at(0.5), p99: at(0.99), max: sorted.at(-1) };
};

async function main() {
  const db = await startFerretDb({ dataDir: mkdtempSync(join(tmpdir(), 'ns-bench-')) });
  const cluster = REDIS_URL ? { REDIS_URL, REDIS_KEY_PREFIX: `bench:${Date.now()}:` } : {};
  const config = loadConfig({ API_SECRET: SECRET, INSECURE_USE_HTTP: 'true', RATE_LIMIT_SOCKET_WRITES_PER_10S: '0', RATE_LIMIT_SOCKET_READS_PER_10S: '0', RATE_LIMIT_WRITE_PER_MIN: '0', RATE_LIMIT_READ_PER_MIN: '0', ...cluster });
  const start = async () => {
    const instance = await createApp(config, db.uri, { logger: false });
    await instance.listen(0, '127.0.0.1');
    return instance;
  };
  const app = await start();
  const subscribed = REDIS_URL ? await start() : app;
  const url = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const subscriberUrl = `http://127.0.0.1:${subscribed.getHttpServer().address().port}`;
  try {
    const res = await fetch(`${url}/api/v2/authorization/subjects`, { method: 'POST', headers: { 'api-secret': SHA1, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', roles: ['readable'] }) });
    if (res.status !== 201) throw new Error(`subject: ${res.status}`);
    const [{ accessToken }] = await (await fetch(`${url}/api/v2/authorization/subjects`, { headers: { 'api-secret': SHA1 } })).json();

    const writer = await connect(url);
    const receiver = await connect(subscriberUrl);
    const storage = await connect(`${subscriberUrl}/storage`);
    await writer.emitWithAck('authorize', { secret: SHA1 });
    await receiver.emitWithAck('authorize', { secret: SHA1 });
    await storage.emitWithAck('subscribe', { accessToken, collections: ['treatments'] });

    const sentAt = new Map();
    const committedAt = new Map();
    app.get(EventBus).subscribe((event) => {
      if (event instanceof DocumentsChangedEvent) for (const doc of event.documents) committedAt.set(doc.notes, event.at);
    });
    const commitToStorage = [];
    const commitToLegacy = [];
    const writeToStorage = [];
    const writeToLegacy = [];
    storage.on('create', ({ doc }) => {
      const now = Date.now();
      commitToStorage.push(now - committedAt.get(doc.notes));
      writeToStorage.push(now - sentAt.get(doc.notes));
    });
    receiver.on('dataUpdate', (d) => {
      const now = Date.now();
      for (const t of d.treatments ?? []) {
        if (!sentAt.has(t.notes)) continue;
        writeToLegacy.push(now - sentAt.get(t.notes));
        commitToLegacy.push(now - committedAt.get(t.notes));
      }
    });

    // 10 s apart: legacy dbAdd merges Notes within 2 s of each other (reference near-match rule).
    const base = Date.now() - WRITES * 10_000;
    for (let i = 0; i < WRITES; i++) {
      const notes = `bench-${i}`;
      sentAt.set(notes, Date.now());
      await writer.emitWithAck('dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes, created_at: new Date(base + i * 10_000).toISOString() } });
    }
    for (let i = 0; i < 100 && (commitToStorage.length < WRITES || writeToLegacy.length < WRITES); i++) await new Promise((r) => setTimeout(r, 20));
    console.log(JSON.stringify({ writes: WRITES, instances: REDIS_URL ? 2 : 1, commitToStorageMs: stats(commitToStorage), commitToLegacyDeltaMs: stats(commitToLegacy), writeToStorageMs: stats(writeToStorage), writeToLegacyDeltaMs: stats(writeToLegacy) }, null, 2));
    for (const s of [writer, receiver, storage]) s.close();
  } finally {
    if (subscribed !== app) await subscribed.close();
    await app.close();
    await db.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
