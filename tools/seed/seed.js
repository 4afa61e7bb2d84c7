#!/usr/bin/env node
// Seeds a MongoDB-compatible database with N days of one person's data ending now:
//   npm run seed -- --days 365 [--uri mongodb://host/db | --data-dir DIR] [--seed 1] [--loop-share 0.1] [--end ISO] [--drop]
// Without --uri it starts the embedded FerretDB on --data-dir (default: DATA_DIR or data, the
// server's default). Documents go in through the raw driver in large unordered batches.
const { parseArgs } = require('node:util');
const { MongoClient } = require('mongodb');
const { createGenerator, span, DAY } = require('./generate');
const { startEmbedded } = require('./database');

const COLLECTIONS = ['entries', 'devicestatus', 'treatments', 'profile'];
const CHUNK_DAYS = 7;
const BATCH = 1000;

/**
 * Writes `days` of data into `db` (a driver Db). Collections that already hold documents are
 * refused unless `drop`. Returns the counts, bytes and time per collection.
 */
async function seedDatabase(db, { days, seed = 1, loopShare = 0, end = Date.now(), drop = false, log = () => undefined }) {
  for (const name of COLLECTIONS) {
    if (drop) await db.collection(name).deleteMany({});
    else if (await db.collection(name).findOne({}, { projection: { _id: 1 } })) throw new Error(`${name} already holds documents: use --drop to empty it first`);
  }
  const { from, to } = span(days, end);
  const generator = createGenerator({ seed, origin: from, loopShare });
  const written = Object.fromEntries(COLLECTIONS.map((name) => [name, { documents: 0, bytes: 0 }]));
  const started = Date.now();
  for (let chunk = from; chunk < to; chunk += CHUNK_DAYS * DAY) {
    const docs = generator.range(chunk, Math.min(to, chunk + CHUNK_DAYS * DAY));
    // Collections in parallel, each in batches: the database sees a few large inserts at a time.
    await Promise.all(
      COLLECTIONS.map(async (name) => {
        for (let i = 0; i < docs[name].length; i += BATCH) {
          const batch = docs[name].slice(i, i + BATCH);
          const result = await db.collection(name).insertMany(batch, { ordered: false });
          written[name].documents += result.insertedCount;
          for (const doc of batch) written[name].bytes += JSON.stringify(doc).length;
        }
      }),
    );
    log(`  ${new Date(Math.min(to, chunk + CHUNK_DAYS * DAY)).toISOString().slice(0, 10)}: ${written.entries.documents} entries, ${written.devicestatus.documents} device statuses, ${written.treatments.documents} treatments (${Math.round((Date.now() - started) / 1000)} s)`);
  }
  return { from: new Date(from).toISOString(), to: new Date(to).toISOString(), written, ms: Date.now() - started };
}

/** Seeds a data dir through the embedded FerretDB (started and stopped here; `serverDist` picks whose), or a URI. */
async function seed({ uri, dataDir, serverDist, ...options }) {
  const embedded = uri ? undefined : await startEmbedded(dataDir, serverDist);
  const client = new MongoClient(uri ?? embedded.uri);
  try {
    await client.connect();
    return await seedDatabase(client.db(), options);
  } finally {
    await client.close();
    await embedded?.stop();
  }
}

async function main() {
  const { values } = parseArgs({
    options: {
      days: { type: 'string' },
      uri: { type: 'string' },
      'data-dir': { type: 'string' },
      seed: { type: 'string', default: '1' },
      'loop-share': { type: 'string', default: '0' },
      end: { type: 'string' },
      drop: { type: 'boolean', default: false },
    },
  });
  const days = Number(values.days);
  if (!(days > 0)) throw new Error('usage: npm run seed -- --days N [--uri mongodb://…] [--data-dir DIR] [--seed S] [--loop-share 0..1] [--end ISO] [--drop]');
  const end = values.end ? Date.parse(values.end) : Date.now();
  if (Number.isNaN(end)) throw new Error(`--end ${values.end} is not a date`);
  const dataDir = values['data-dir'] ?? process.env.DATA_DIR ?? 'data';
  console.log(`Seeding ${days} days into ${values.uri ?? `the embedded FerretDB in ${dataDir}`} (seed ${values.seed})`);
  const result = await seed({ uri: values.uri, dataDir, days, seed: Number(values.seed), loopShare: Number(values['loop-share']), end, drop: values.drop, log: console.log });
  console.log(`Wrote ${result.from} – ${result.to} in ${(result.ms / 1000).toFixed(1)} s:`);
  for (const [name, { documents, bytes }] of Object.entries(result.written)) console.log(`  ${name.padEnd(12)} ${String(documents).padStart(7)} documents  ${(bytes / 1048576).toFixed(1).padStart(7)} MiB JSON  ~${documents ? Math.round(bytes / documents) : 0} B each`);
}

module.exports = { seed, seedDatabase };

if (require.main === module) {
  main().catch((error) => {
    console.error(error.message ?? error);
    process.exit(1);
  });
}
