import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { MemoryRateLimitStore } from './memory-rate-limit-store';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let now: number;
  let store: MemoryRateLimitStore;
  let warn: jest.SpyInstance;
  const limiter = (env: Record<string, string> = {}) =>
    new RateLimiter(store, loadConfig({ RATE_LIMIT_SOCKET_WRITES_PER_10S: '3', RATE_LIMIT_FLOOD_REJECTIONS: '2', RATE_LIMIT_HANDSHAKES_PER_MIN: '1', ...env }));
  beforeEach(() => {
    now = 5_000_000;
    store = new MemoryRateLimitStore(1_000, 60_000, () => now);
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(async () => {
    warn.mockRestore();
    await store.close();
  });

  it('allows the limit, then rejects with the time left in the window', async () => {
    const rl = limiter();
    for (let i = 0; i < 3; i++) expect(await rl.consume('socket-write', 's1')).toEqual({ allowed: true });
    now += 2_500;
    expect(await rl.consume('socket-write', 's1')).toEqual({ allowed: false, retryAfterMs: 7_500, disconnect: false });
  });

  it('asks to disconnect a key that keeps flooding after being limited', async () => {
    const rl = limiter();
    const decisions = [];
    for (let i = 0; i < 6; i++) decisions.push(await rl.consume('socket-write', 's1'));
    expect(decisions.map((d) => (d.allowed ? 'ok' : d.disconnect ? 'disconnect' : 'limited'))).toEqual(['ok', 'ok', 'ok', 'limited', 'limited', 'disconnect']);
    // Logged with the key once when limited and once when flooding, not for every event.
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      'socket-write limit reached by s1; retry after 10000 ms',
      'socket-write: s1 kept sending after 2 rejections',
    ]);
  });

  it('allows again in the next window', async () => {
    const rl = limiter();
    for (let i = 0; i < 5; i++) await rl.consume('socket-write', 's1');
    now += 10_000;
    expect(await rl.consume('socket-write', 's1')).toEqual({ allowed: true });
  });

  it('keeps buckets and keys apart, with the window of each bucket', async () => {
    const rl = limiter();
    expect(await rl.consume('handshake', '10.0.0.1')).toEqual({ allowed: true });
    expect(await rl.consume('handshake', '10.0.0.1')).toMatchObject({ allowed: false, retryAfterMs: 60_000 });
    expect(await rl.consume('handshake', '10.0.0.2')).toEqual({ allowed: true });
    expect(await rl.consume('socket-write', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('never limits a bucket whose limit is 0', async () => {
    const rl = limiter({ RATE_LIMIT_HANDSHAKES_PER_MIN: '0' });
    for (let i = 0; i < 100; i++) expect(await rl.consume('handshake', 'x')).toEqual({ allowed: true });
    expect(store.size).toBe(0);
  });
});
