import { normaliseDuration } from './duration';

describe('normaliseDuration (spec §7.7)', () => {
  const date = 1700000000000;

  it('derives endmills and durationInMilliseconds from duration in minutes', () => {
    expect(normaliseDuration({ date, duration: 30 })).toEqual({ date, duration: 30, endmills: date + 1_800_000, durationInMilliseconds: 1_800_000 });
  });

  it('prefers durationInMilliseconds and rounds duration', () => {
    expect(normaliseDuration({ date, durationInMilliseconds: 90_000, duration: 99 })).toMatchObject({ endmills: date + 90_000, duration: 2 });
  });

  it('stops at the first existing property even when it gives nothing', () => {
    expect(normaliseDuration({ date, durationInMilliseconds: 0, duration: 30 })).toEqual({ date, durationInMilliseconds: 0, duration: 30 });
  });

  it('derives durations from an explicit endmills', () => {
    expect(normaliseDuration({ created_at: '2023-11-14T22:13:20.000Z', endmills: date + 120_000 })).toMatchObject({ durationInMilliseconds: 120_000, duration: 2 });
  });

  it('uses the stored document as fallback for a patch', () => {
    expect(normaliseDuration({ notes: 'x' }, { date, duration: 10 })).toEqual({ notes: 'x', endmills: date + 600_000, durationInMilliseconds: 600_000, duration: 10 });
    expect(normaliseDuration({ duration: 5 }, { mills: date })).toMatchObject({ endmills: date + 300_000 });
  });

  it('leaves documents without a duration or a base time alone', () => {
    expect(normaliseDuration({ date, sgv: 120 })).toEqual({ date, sgv: 120 });
    expect(normaliseDuration({ duration: 5 })).toEqual({ duration: 5 });
  });
});
