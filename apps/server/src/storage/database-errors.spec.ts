import { MongoServerError } from 'mongodb';
import { databaseErrorKind, retryTransient } from './database-errors';

/** What the embedded FerretDB answered when it could not take SQLite's write lock (seen on a first start at a year). */
const busy = () =>
  new MongoServerError({
    ok: 0,
    code: 1,
    codeName: 'InternalError',
    errmsg: '[msg_findandmodify.go:196 handler.(*Handler).findAndModifyDocument] [update.go:105 common.UpdateDocument] [collection.go:135 sqlite.(*collection).InsertAll.func1] database is locked (5) (SQLITE_BUSY)',
  });

describe('database errors', () => {
  it('a locked embedded database is busy; a refused command is not transient', () => {
    expect(databaseErrorKind(busy())).toBe('busy');
    expect(databaseErrorKind(new MongoServerError({ ok: 0, code: 11000, errmsg: 'E11000 duplicate key error' }))).toBe('other');
    expect(databaseErrorKind(new Error('database is locked'))).toBeUndefined();
  });

  it('retryTransient retries busy failures and gives up on others at once', async () => {
    const retried: string[] = [];
    let calls = 0;
    const result = await retryTransient(
      async () => {
        if (++calls < 3) throw busy();
        return 'done';
      },
      (error) => retried.push(error.message),
      5,
      1,
    );
    expect(result).toBe('done');
    expect(retried).toHaveLength(2);
    const refused = new MongoServerError({ ok: 0, code: 2, errmsg: 'bad value' });
    await expect(retryTransient(() => Promise.reject(refused), () => retried.push('x'), 5, 1)).rejects.toBe(refused);
    expect(retried).toHaveLength(2);
    await expect(retryTransient(() => Promise.reject(busy()), () => undefined, 3, 1)).rejects.toThrow('database is locked');
  });
});
