import type { Model } from 'mongoose';

/**
 * Statements per write command. FerretDB 1.24 (SQLite) keeps a result set open for every
 * statement of an `update` command until the command ends; at 100 (its connection pool) the next
 * statement waits for a connection forever and the whole database stops. Found with the one-time
 * index pass resumed over claims that existed already (docs/performance.md, "Start-up").
 */
const STATEMENTS_PER_COMMAND = 50;

/**
 * Unordered writes, sent in commands of at most STATEMENTS_PER_COMMAND statements. Through the
 * model's collection (the driver): the model's `bulkWrite` casts every update and cost 18–37 % more
 * CPU per write (`npm run bench -- --only storage`, docs/performance.md "Storage layer"); these are
 * the index writes every document write makes.
 */
export async function writeInChunks<T>(model: Model<T>, writes: Parameters<Model<T>['bulkWrite']>[0]): Promise<void> {
  for (let start = 0; start < writes.length; start += STATEMENTS_PER_COMMAND) {
    await model.collection.bulkWrite(writes.slice(start, start + STATEMENTS_PER_COMMAND) as never, { ordered: false });
  }
}
