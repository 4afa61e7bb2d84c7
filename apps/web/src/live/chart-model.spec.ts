import { basalSegments, hourTicks, linear, markersOf, scheduledBasal, secondsOfDay } from './chart-model';

const MIDNIGHT_UTC = Date.UTC(2026, 10, 20);
const H = 3600_000;
const profile = {
  timezone: 'UTC',
  basal: [
    { time: '06:00', value: 1.0, timeAsSeconds: 21600 },
    { time: '00:00', value: 0.5, timeAsSeconds: 0 },
  ],
};

describe('chart model', () => {
  it('maps linearly and clamps to the range', () => {
    const y = linear(40, 400, 200, 0);
    expect(y(40)).toBe(200);
    expect(y(220)).toBe(100);
    expect(y(1000)).toBe(0);
  });

  it('ticks on whole hours, more sparsely for longer ranges', () => {
    const from = MIDNIGHT_UTC + 30 * 60_000;
    expect(hourTicks(from, from + 3 * H, 3)).toHaveLength(3);
    expect(hourTicks(from, from + 24 * H, 24).length).toBeLessThanOrEqual(6);
  });

  it('reads the time of day in the profile time zone', () => {
    expect(secondsOfDay(MIDNIGHT_UTC + 6 * H + 90_000, 'UTC')).toBe(6 * 3600 + 90);
    expect(secondsOfDay(MIDNIGHT_UTC, 'Asia/Kolkata')).toBe(5.5 * 3600);
    expect(secondsOfDay(MIDNIGHT_UTC, 'Not/AZone')).toBeGreaterThanOrEqual(0);
  });

  it('finds the scheduled basal rate of the block a time falls in', () => {
    expect(scheduledBasal(profile, MIDNIGHT_UTC + 5 * H)).toBe(0.5);
    expect(scheduledBasal(profile, MIDNIGHT_UTC + 6 * H)).toBe(1.0);
    expect(scheduledBasal({ basal: [] }, MIDNIGHT_UTC)).toBeUndefined();
  });

  it('draws temp basals over the schedule: absolute rates, percent changes, and their end', () => {
    const temps = [
      { _id: 't1', mills: MIDNIGHT_UTC + H, eventType: 'Temp Basal', absolute: 0, duration: 30 },
      { _id: 't2', mills: MIDNIGHT_UTC + 2 * H, eventType: 'Temp Basal', percent: 50, duration: 60 },
      { _id: 't3', mills: MIDNIGHT_UTC + 2.5 * H, eventType: 'Temp Basal', duration: 0 },
    ];
    const segments = basalSegments(profile, temps, MIDNIGHT_UTC, MIDNIGHT_UTC + 3 * H);
    expect(segments.map((s) => [(s.from - MIDNIGHT_UTC) / 60_000, (s.to - MIDNIGHT_UTC) / 60_000, s.rate, s.temp])).toEqual([
      [0, 60, 0.5, false],
      [60, 90, 0, true],
      [90, 120, 0.5, false],
      [120, 150, 0.75, true],
      [150, 180, 0.5, false],
    ]);
    expect(basalSegments(undefined, [], MIDNIGHT_UTC, MIDNIGHT_UTC + H)).toEqual([]);
  });

  it('marks insulin and carbs, and every other treatment but temp basals as a note', () => {
    expect(markersOf({ eventType: 'Meal Bolus', insulin: 2, carbs: 20 })).toEqual(['insulin', 'carbs']);
    expect(markersOf({ eventType: 'Note' })).toEqual(['note']);
    expect(markersOf({ eventType: 'Temp Basal', absolute: 1 })).toEqual([]);
  });
});
