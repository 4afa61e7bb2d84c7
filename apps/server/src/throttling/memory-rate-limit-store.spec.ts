import { MemoryRateLimitStore } from './memory-rate-limit-store';

describe('MemoryRateLimitStore', () => {
  let now: number;
  let store: MemoryRateLimitStore;
  beforeEach(() => {
    now = 1_000_000;
    store = new MemoryRateLimitStore(3, 60_000, () => now);
  });
  afterEach(() => store.close());

  it('counts hits in a fixed window and says when it ends', async () => {
    expect(await store.hit('a', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
    now += 4_000;
    expect(await store.hit('a', 10_000)).toEqual({ count: 2, resetInMs: 6_000 });
  });

  it('starts again from 1 once the window has ended', async () => {
    await store.hit('a', 10_000);
    await store.hit('a', 10_000);
    now += 10_000;
    expect(await store.hit('a', 10_000)).toEqual({ count: 1, resetInMs: 10_000 });
  });

  it('keeps keys apart', async () => {
    await store.hit('a', 10_000);
    expect((await store.hit('b', 10_000)).count).toBe(1);
  });

  it('stays within its bound, dropping the oldest window first', async () => {
    for (const key of ['a', 'b', 'c', 'd']) {
      await store.hit(key, 10_000);
      now += 1;
    }
    expect(store.size).toBe(3);
    expect((await store.hit('a', 10_000)).count).toBe(1); // 'a' was dropped
    expect((await store.hit('d', 10_000)).count).toBe(2);
  });

  it('sweeps ended windows', async () => {
    await store.hit('short', 1_000);
    await store.hit('long', 60_000);
    now += 1_000;
    store.sweep();
    expect(store.size).toBe(1);
  });
});
