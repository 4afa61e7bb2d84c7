// The `storage` section: what the Mongoose models cost over the driver they wrap, per operation the
// stores use, on a fresh embedded FerretDB. The stores use a model unless this shows it costing more
// than 10 % (docs/performance.md, "Storage layer").
const { join } = require('node:path');
const { ObjectId } = require('mongodb');
const mongoose = require('mongoose');
const { startEmbedded } = require('../seed/database');
const { now, percentiles } = require('./measure');

const STORED = 1_000;

/** Alternates `raw` and `model` in blocks of 50 (each first every other block), `rounds` times each, so both see the same machine load. */
async function compare(rounds, raw, model) {
  const sides = { raw: { ms: [], cpuUs: 0 }, model: { ms: [], cpuUs: 0 } };
  for (let block = 0; block < rounds / 50; block++) {
    const order = [['raw', raw], ['model', model]];
    for (const [name, run] of block % 2 === 0 ? order : order.reverse()) {
      const cpu = process.cpuUsage();
      for (let i = 0; i < 50; i++) {
        const t = now();
        await run();
        sides[name].ms.push(now() - t);
      }
      const used = process.cpuUsage(cpu);
      sides[name].cpuUs += used.user + used.system;
    }
  }
  // Sub-millisecond operations: the median in µs, not percentiles' 0.1 ms steps.
  const medianUs = (ms) => Math.round([...ms].sort((a, b) => a - b)[Math.floor(ms.length / 2)] * 1000);
  const summary = (side) => ({ ms: percentiles(side.ms), p50Us: medianUs(side.ms), cpuUsPerOp: Math.round(side.cpuUs / rounds) });
  const r = summary(sides.raw);
  const m = summary(sides.model);
  const more = (a, b) => +((a / b - 1) * 100).toFixed(1);
  return { raw: r, model: m, p50Overhead: more(m.p50Us, r.p50Us), cpuOverhead: more(m.cpuUsPerOp, r.cpuUsPerOp) };
}

/** `serverDist`: the built server whose schemas are measured. */
async function storageLayer({ workDir, serverDist, quick, load }) {
  const { collectionSchema } = require(join(serverDist, 'storage/collection-schemas'));
  const db = await startEmbedded(join(workDir, 'storage-layer'), serverDist);
  const connection = mongoose.createConnection(db.uri, { bufferCommands: false });
  const rounds = quick ? 200 : 1_000;
  const rows = [];
  try {
    await connection.asPromise();
    const model = connection.model('treatments', collectionSchema('treatments', 'treatments'));
    const collection = model.collection;
    const doc = (i) => ({ _id: new ObjectId(), eventType: 'Note', created_at: new Date(Date.now() - i * 60_000).toISOString(), notes: `n${i}`, srvModified: Date.now() });
    const stored = Array.from({ length: STORED }, (_, i) => doc(i));
    await collection.insertMany(stored);
    let i = 0;
    const pick = () => stored[i++ % STORED]._id;
    const ops = [
      ['findOne by _id (lean)', () => collection.findOne({ _id: pick() }), () => model.findOne({ _id: pick() }).lean().exec()],
      ['insert 1', () => collection.insertMany([doc(0)], { ordered: true }), () => model.insertMany([doc(0)], { ordered: true, lean: true })],
      ['insert 10', () => collection.insertMany(Array.from({ length: 10 }, (_, k) => doc(k)), { ordered: false }), () => model.insertMany(Array.from({ length: 10 }, (_, k) => doc(k)), { ordered: false, lean: true })],
      [
        'bulk upsert $addToSet',
        () => collection.bulkWrite([{ updateOne: { filter: { _id: `b${i % 50}` }, update: { $addToSet: { ids: pick() } }, upsert: true } }], { ordered: false }),
        () => model.bulkWrite([{ updateOne: { filter: { _id: `b${i % 50}` }, update: { $addToSet: { ids: pick() } }, upsert: true } }], { ordered: false }),
      ],
      [
        'findOneAndUpdate $set',
        () => collection.findOneAndUpdate({ _id: pick() }, { $set: { srvModified: Date.now() } }, { returnDocument: 'after' }),
        () => model.findOneAndUpdate({ _id: pick() }, { $set: { srvModified: Date.now() } }, { returnDocument: 'after' }).lean().exec(),
      ],
    ];
    for (const [name, raw, viaModel] of ops) {
      rows.push({ op: name, rounds, ...(await compare(rounds, raw, viaModel)), load: load() });
    }
  } finally {
    await connection.close();
    await db.stop();
  }
  return rows;
}

module.exports = { storageLayer };
