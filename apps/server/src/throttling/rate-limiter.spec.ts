import { Logger } from '@nestjs/common';
import { loadConfig } from '../config/app-config';
import { RateLimitStore } from './rate-limit-store';
import { RateLimiter } from './rate-limiter';

describe('RateLimiter', () => {
  let warn: jest.SpyInstance;
  const limiter = (env: Record<string, string> = {}) =>
    new RateLimiter(new RateLimitStore(), loadConfig({ RATE_LIMIT_SOCKET_WRITES_PER_10S: '30', RATE_LIMIT_FLOOD_REJECTIONS: '2', RATE_LIMIT_HANDSHAKES_PER_MIN: '2', ...env }));
  const outcome = (d: Awaited<ReturnType<RateLimiter['consume']>>) => (d.allowed ? 'ok' : d.disconnect ? 'disconnect' : 'limited');
  const consumeTimes = async (rl: RateLimiter, n: number, key = 's1') => {
    const decisions = [];
    for (let i = 0; i < n; i++) decisions.push(await rl.consume('socket-write', key));
    return decisions;
  };
  beforeEach(() => {
    jest.useFakeTimers({ now: 5_000_000 });
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });
  afterEach(() => {
    warn.mockRestore();
    jest.useRealTimers();
  });

  it('allows a burst of the limit, then rejects with the time to the next sustained slot', async () => {
    const rl = limiter();
    expect((await consumeTimes(rl, 30)).every((d) => d.allowed)).toBe(true);
    jest.advanceTimersByTime(400);
    expect(await rl.consume('socket-write', 's1')).toEqual({ allowed: false, retryAfterMs: 600, disconnect: false });
  });

  it('then allows limit/10 a second, and the burst again after 10 s', async () => {
    const rl = limiter({ RATE_LIMIT_FLOOD_REJECTIONS: '1000' });
    await consumeTimes(rl, 31);
    for (let second = 1; second < 10; second++) {
      jest.advanceTimersByTime(1000);
      expect((await consumeTimes(rl, 4)).map(outcome)).toEqual(['ok', 'ok', 'ok', 'limited']);
    }
    jest.advanceTimersByTime(1000);
    expect((await consumeTimes(rl, 31)).filter((d) => d.allowed)).toHaveLength(30);
  });

  it('asks to disconnect a key that keeps sending after being limited, and logs it twice, not per event', async () => {
    const rl = limiter();
    const decisions = await consumeTimes(rl, 33);
    expect(decisions.slice(29).map(outcome)).toEqual(['ok', 'limited', 'limited', 'disconnect']);
    expect(warn.mock.calls.map(([message]) => message)).toEqual([
      'socket-write limit reached by s1; retry after 1000 ms',
      'socket-write: s1 kept sending after 2 rejections',
    ]);
  });

  it('keeps buckets and keys apart, with the window of each bucket', async () => {
    const rl = limiter();
    expect((await Promise.all([1, 2, 3].map(() => rl.consume('handshake', '10.0.0.1')))).map(outcome)).toEqual(['ok', 'ok', 'limited']);
    expect(await rl.consume('handshake', '10.0.0.2')).toEqual({ allowed: true });
    expect(await rl.consume('socket-write', '10.0.0.1')).toEqual({ allowed: true });
    // Two handshakes a minute: one every 30 s, the burst allowance back after a minute.
    jest.advanceTimersByTime(30_000);
    expect((await Promise.all([1, 2].map(() => rl.consume('handshake', '10.0.0.1')))).map(outcome)).toEqual(['ok', 'limited']);
  });

  it('never limits a bucket whose limit is 0', async () => {
    const rl = limiter({ RATE_LIMIT_HANDSHAKES_PER_MIN: '0' });
    for (let i = 0; i < 100; i++) expect(await rl.consume('handshake', 'x')).toEqual({ allowed: true });
  });
});
