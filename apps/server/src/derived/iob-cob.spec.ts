import { MIN, NOW, profile, sandbox, sgv, status, treatment } from '../../test/support/sandbox';
import { cobTotal } from './cob';
import { iobTotal } from './iob';
import { Profiles } from './profile';

const HOUR = 60 * MIN;

describe('IOB from treatments and device status', () => {
  const profiles = new Profiles([profile({ dia: 3, sens: 0 })], []);
  const bolus = [treatment(0, { insulin: '1.00', eventType: 'Correction Bolus' })];

  it('decays a bolus over DIA (3 h by default, 4 h with dia: 4)', () => {
    expect(iobTotal(bolus, [], profiles, NOW)).toMatchObject({ iob: 1, display: '1.00', displayLine: 'IOB: 1.00U', source: 'Care Portal' });
    const hourLater = iobTotal(bolus, [], profiles, NOW + HOUR).iob!;
    expect(hourLater).toBeGreaterThan(0);
    expect(hourLater).toBeLessThan(1);
    expect(iobTotal(bolus, [], profiles, NOW + 3 * HOUR).iob).toBe(0);
    const four = new Profiles([profile({ dia: 4, sens: 0 })], []);
    expect(iobTotal(bolus, [], four, NOW + 3 * HOUR).iob).toBeGreaterThan(0);
    expect(iobTotal(bolus, [], four, NOW + 4 * HOUR).iob).toBe(0);
    // No profile: DIA 3; approaching zero shows 0.00, never -0.00.
    expect(iobTotal([treatment(0, { insulin: 5 })], [], new Profiles([], []), NOW + 3 * HOUR - 90_000).display).toBe('0.00');
  });

  it('prefers a recent OpenAPS report, keeping the care-portal figure', () => {
    const treatments = [treatment(0, { insulin: '3.00' })];
    const openaps = status(0, { device: 'openaps://pi1', openaps: { iob: { iob: 0.047, basaliob: -0.298, activity: 0.0147, timestamp: NOW } } });
    expect(iobTotal(treatments, [openaps], profiles, NOW)).toMatchObject({ iob: 0.047, basaliob: -0.298, activity: 0.0147, source: 'OpenAPS', device: 'openaps://pi1', treatmentIob: 3 });
    const stale = status(31, { openaps: { iob: { iob: 0.5, timestamp: NOW - 31 * MIN } } });
    expect(iobTotal(treatments, [stale], profiles, NOW)).toMatchObject({ source: 'Care Portal', iob: 3 });
    expect(iobTotal(treatments, [status(0, { openaps: {} })], profiles, NOW).iob).toBe(3);
  });

  it("uses Loop's own IOB over its pump's, and the pump's when nothing else reports", () => {
    const loop = status(1, { device: 'loop://iPhone', loop: { iob: { iob: 1.2, timestamp: new Date(NOW - MIN).toISOString() } } });
    const pump = status(0, { device: 'loop://iPhone', pump: { iob: { iob: 0.9 } } });
    expect(iobTotal([], [loop, pump], profiles, NOW)).toMatchObject({ iob: 1.2, source: 'Loop' });
    expect(iobTotal([], [pump], profiles, NOW)).toMatchObject({ iob: 0.9, display: '0.90' });
    expect(iobTotal([], [], profiles, NOW)).toEqual({});
  });
});

describe('COB from treatments (the reference scenarios: sens 95, carbratio 18, carbs_hr 30)', () => {
  const flat = new Profiles([{ startDate: '2015-06-21', sens: 95, carbratio: 18, carbs_hr: 30 }], []);
  const at = (iso: string) => Date.parse(iso);
  const carbs = (grams: string, iso: string) => ({ _id: iso, eventType: 'Meal Bolus', carbs: grams, mills: at(iso) });

  it('absorbs 100 g then 10 g', () => {
    const treatments = [carbs('100', '2015-05-29T02:03:48.827Z'), carbs('10', '2015-05-29T03:45:10.670Z')];
    expect(cobTotal(treatments, [], flat, at('2015-05-29T02:03:49.827Z')).cob).toBe(100);
    expect(Math.round(cobTotal(treatments, [], flat, at('2015-05-29T03:45:10.670Z')).cob!)).toBe(59);
    expect(Math.round(cobTotal(treatments, [], flat, at('2015-05-29T03:45:11.670Z')).cob!)).toBe(69);
  });

  it('absorbs 8 g within the hour', () => {
    const treatments = [carbs('8', '2015-05-29T04:40:40.174Z')];
    const cob = (iso: string) => cobTotal(treatments, [], flat, at(iso)).cob;
    expect([cob('2015-05-29T04:41:40.174Z'), cob('2015-05-29T05:04:40.174Z'), cob('2015-05-29T05:20:00.174Z'), cob('2015-05-29T06:50:00.174Z')]).toEqual([8, 6, 0, 0]);
    expect(cobTotal(treatments, [], flat, at('2015-05-29T04:41:40.174Z'))).toMatchObject({ display: 8, displayLine: 'COB: 8g', source: 'Care Portal' });
  });

  it('takes a loop report of the last 10 minutes, needs sens and carbratio', () => {
    const treatments = [treatment(1, { carbs: 20 })];
    const openaps = status(1, { device: 'openaps://pi1', openaps: { enacted: { COB: 30, timestamp: new Date(NOW - MIN).toISOString() } } });
    expect(cobTotal(treatments, [openaps], flat, NOW)).toMatchObject({ cob: 30, source: 'OpenAPS' });
    const old = status(12, { openaps: { suggested: { COB: 30, timestamp: new Date(NOW - 12 * MIN).toISOString() } } });
    expect(cobTotal(treatments, [old], flat, NOW)).toMatchObject({ cob: 20, source: 'Care Portal' });
    expect(cobTotal(treatments, [], new Profiles([{ sens: 95 }], []), NOW)).toEqual({});
  });

  it('is a property only when the cob plugin is enabled', () => {
    const data = { sgvs: [sgv(100, 0)], treatments: [treatment(1, { carbs: 20 })], profiles: [profile({ sens: 95, carbratio: 18, carbs_hr: 30 })] };
    expect(sandbox({}, data).property('cob')).toBeUndefined();
    expect(sandbox({ ENABLE: 'cob' }, data).property('cob')).toMatchObject({ cob: 20 });
  });
});
