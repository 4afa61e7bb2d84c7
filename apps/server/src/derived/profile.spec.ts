import { MIN, NOW, profile, sandbox, sgv, treatment } from '../../test/support/sandbox';
import { Profiles, processDurations } from './profile';

const schedule = [
  { time: '00:00', value: 0.5 },
  { time: '06:00', value: 1.0 },
  { time: '12:00', value: 0.8 },
];

describe('profile functions', () => {
  it('reads schedules at the time of day of the profile time zone', () => {
    const utc = new Profiles([profile({ basal: schedule })], []);
    expect(utc.value(NOW, 'basal')).toBe(0.8); // 12:00 UTC
    expect(utc.value(NOW - MIN, 'basal')).toBe(1.0);
    // 12:00 UTC is 05:00 in Los Angeles (PDT).
    const la = new Profiles([profile({ basal: schedule, timezone: 'America/Los_Angeles' })], []);
    expect(la.value(NOW, 'basal')).toBe(0.5);
    expect(la.timezone(NOW)).toBe('America/Los_Angeles');
    // An unknown zone falls back to the server's instead of throwing.
    expect(() => new Profiles([profile({ basal: schedule, timezone: 'Mars/Olympus' })], []).value(NOW, 'basal')).not.toThrow();
  });

  it('converts a pre-store profile to its Default profile', () => {
    const legacy = new Profiles([{ dia: 4, sens: '45', carbratio: 10 }], []);
    expect([legacy.value(NOW, 'dia'), legacy.value(NOW, 'sens'), legacy.value(NOW, 'carbratio')]).toEqual([4, 45, 10]);
    expect(legacy.activeProfileName(NOW)).toBe('Default');
    expect(new Profiles([], []).hasData()).toBe(false);
  });

  it('follows a Profile Switch (also one carrying profileJson) and CircadianPercentageProfile percentages', () => {
    const doc = { ...profile({ basal: 1, sens: 50 }), store: { Default: { basal: 1, sens: 50 }, Sport: { basal: 0.4, sens: 80 } } };
    const toSport = treatment(30, { eventType: 'Profile Switch', profile: 'Sport', duration: 0 });
    expect(new Profiles([doc], [toSport]).value(NOW, 'basal')).toBe(0.4);
    // A 20-minute switch 30 minutes ago has ended.
    expect(new Profiles([doc], [{ ...toSport, duration: 20 }]).value(NOW, 'basal')).toBe(1);
    const json = treatment(10, { eventType: 'Profile Switch', profile: 'Night', duration: 0, profileJson: JSON.stringify({ basal: 0.7, sens: 60 }) });
    const withJson = new Profiles([doc], [json]);
    expect(withJson.value(NOW, 'basal')).toBe(0.7);
    expect(withJson.activeProfileName(NOW)).toMatch(/^Night@@@@@\d+$/);
    const ccp = treatment(5, { eventType: 'Profile Switch', profile: 'Default', duration: 0, CircadianPercentageProfile: true, percentage: 150 });
    const scaled = new Profiles([doc], [ccp]);
    expect([scaled.value(NOW, 'basal'), scaled.value(NOW, 'sens')]).toEqual([1.5, 50 / 1.5]);
    // A profile name from a client is only a name.
    expect(new Profiles([doc], [treatment(1, { eventType: 'Profile Switch', profile: '__proto__', duration: 0 })]).value(NOW, 'basal')).toBe(1);
    const bad = treatment(1, { eventType: 'Profile Switch', profile: 'X', duration: 0, profileJson: '{not json' });
    expect(new Profiles([doc], [bad]).value(NOW, 'basal')).toBe(1);
  });

  it('applies temp basals (absolute, percent, zero, cut by a cancel) and combo boluses', () => {
    const doc = profile({ basal: 1 });
    const basal = (treatments: ReturnType<typeof treatment>[]) => new Profiles([doc], treatments).tempBasal(NOW);
    expect(basal([treatment(10, { eventType: 'Temp Basal', absolute: 2.5, duration: 30 })])).toMatchObject({ basal: 1, tempbasal: 2.5, totalbasal: 2.5 });
    expect(basal([treatment(10, { eventType: 'Temp Basal', percent: -50, duration: 30 })])).toMatchObject({ tempbasal: 0.5 });
    expect(basal([treatment(10, { eventType: 'Temp Basal', absolute: 0, duration: 30 })])).toMatchObject({ tempbasal: 0 });
    expect(basal([treatment(10, { eventType: 'Temp Basal', absolute: 2.5, duration: 30 }), treatment(5, { eventType: 'Temp Basal', duration: 0 })])).toMatchObject({ tempbasal: 1, treatment: null });
    expect(basal([treatment(10, { eventType: 'Combo Bolus', relative: 0.6, duration: 60 })])).toMatchObject({ combobolusbasal: 0.6, totalbasal: 1.6 });
  });

  it('cuts overlapping durations as the reference does', () => {
    const cut = processDurations([treatment(60, { duration: 60 }), treatment(30, { duration: 60 }), treatment(30, { duration: 5 })], false);
    expect(cut.map((t) => t.duration)).toEqual([30, 60]);
  });

  it('reports the basal property with T: for a temp basal, only with a basal profile', () => {
    const data = { sgvs: [sgv(100, 0)], profiles: [profile({ basal: 1 })], treatments: [treatment(10, { eventType: 'Temp Basal', absolute: 2.5, duration: 30 })] };
    expect(sandbox({}, data).property('basal')).toMatchObject({ display: 'T: 2.500U', current: { basal: 1, tempbasal: 2.5 } });
    expect(sandbox({}, { profiles: [profile({ sens: 50 })] }).property('basal')).toBeUndefined();
  });
});
