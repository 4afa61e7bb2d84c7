import { MIN, NOW, sandbox, sgv } from '../../test/support/sandbox';
import { forecastCone } from './ar2';

/** Scenarios of the reference's ar2 tests: two readings 5 minutes apart. */
describe('AR2 forecast', () => {
  const ar2 = (before: number, now: number, gapMins = 5) => sandbox({}, { sgvs: [sgv(before, gapMins), sgv(now, 0)] }).property('ar2')!;

  it('predicts six 5-minute points, offset 2 s, and says where BG is in 15 minutes', () => {
    const prop = ar2(150, 170);
    expect(prop.forecast.predicted.map((p) => p.mgdl)).toEqual([186, 198, 206, 212, 216, 218]);
    expect(prop.forecast.predicted.map((p) => (p.mills - NOW) / MIN)).toEqual([5, 10, 15, 20, 25, 30].map((m) => m + 2000 / MIN));
    expect(prop.displayLine).toBe('BG 15m: 206 mg/dl');
    expect(prop).toMatchObject({ level: 1, eventName: 'high' });
  });

  it('has no level in range, warn or urgent by the average loss', () => {
    expect(ar2(100, 105).level).toBeUndefined();
    expect(ar2(140, 200)).toMatchObject({ level: 2, eventName: 'high' });
    expect(ar2(90, 80)).toMatchObject({ level: 1, eventName: 'low' });
    expect(ar2(120, 85)).toMatchObject({ level: 2, eventName: 'low' });
    // Interpolated over 11 minutes the same fall is only a warning.
    expect(ar2(120, 85, 11)).toMatchObject({ level: 1, eventName: 'low' });
  });

  it('needs a current mean and one 5 minutes before', () => {
    expect(sandbox({}, { sgvs: [sgv(100, 0)] }).property('ar2')!.forecast).toEqual({ predicted: [], avgLoss: 0 });
    expect(sandbox({}, { sgvs: [] }).property('ar2')!.forecast.predicted).toEqual([]);
    expect(sandbox({ DISABLE: 'ar2' }, { sgvs: [sgv(100, 5), sgv(80, 0)] }).property('ar2')).toBeUndefined();
  });

  it('draws a 26-point cone, or 13 points with AR2_CONE_FACTOR=0, clamped to 36–400', () => {
    const sbx = sandbox({}, { sgvs: [sgv(100, 5), sgv(105, 0)] });
    const [bgnow, delta] = [sbx.property('bgnow'), sbx.property('delta')];
    expect(forecastCone(bgnow, delta, NOW, 2)).toHaveLength(26);
    expect(forecastCone(bgnow, delta, NOW, 0)).toHaveLength(13);
    const steep = sandbox({}, { sgvs: [sgv(250, 5), sgv(390, 0)] });
    expect(Math.max(...forecastCone(steep.property('bgnow'), steep.property('delta'), NOW, 2).map((p) => p.mgdl))).toBe(400);
  });
});
