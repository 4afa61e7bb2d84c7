import { FailedAttempts } from './failed-attempts';

describe('FailedAttempts', () => {
  let attempts: FailedAttempts;
  afterEach(() => attempts.close());

  it('accumulates the delay per failure and clears it on success', () => {
    attempts = new FailedAttempts(5000);
    attempts.recordFailure('1.2.3.4', 0);
    attempts.recordFailure('1.2.3.4', 0);
    expect(attempts.waitMs('1.2.3.4', 0)).toBe(10_000);
    expect(attempts.waitMs('5.6.7.8', 0)).toBe(0);
    attempts.clear('1.2.3.4');
    expect(attempts.waitMs('1.2.3.4', 0)).toBe(0);
  });

  it('caps the wait of one IP', () => {
    attempts = new FailedAttempts(5000, 30_000);
    for (let i = 0; i < 100; i++) attempts.recordFailure('1.2.3.4', 0);
    expect(attempts.waitMs('1.2.3.4', 0)).toBe(30_000);
  });

  it('caps the number of tracked IPs and sweeps expired entries', () => {
    attempts = new FailedAttempts(1000, 5000, 100);
    for (let i = 0; i < 1000; i++) attempts.recordFailure(`10.0.${i >> 8}.${i & 255}`, 0);
    expect(attempts.size).toBe(100);
    expect(attempts.waitMs('10.0.0.0', 0)).toBe(0); // the oldest were dropped
    attempts.sweep(10_000);
    expect(attempts.size).toBe(0);
  });
});
