import type { AnyBulkWriteOperation, Collection, Document } from 'mongodb';

/**
 * Statements per write command. FerretDB 1.24 (SQLite) keeps a result set open for every
 * statement of an `update` command until the command ends; at 100 (its connection pool) the next
 * statement waits for a connection forever and the whole database stops. Found with the one-time
 * index pass resumed over claims that existed already (docs/performance.md, "Start-up").
 */
const STATEMENTS_PER_COMMAND = 50;

/** Unordered writes, sent in commands of at most STATEMENTS_PER_COMMAND statements. */
export async function writeInChunks<T extends Document>(collection: Collection<T>, writes: readonly AnyBulkWriteOperation<T>[]): Promise<void> {
  for (let start = 0; start < writes.length; start += STATEMENTS_PER_COMMAND) {
    await collection.bulkWrite(writes.slice(start, start + STATEMENTS_PER_COMMAND) as AnyBulkWriteOperation<T>[], { ordered: false });
  }
}
