import { NOW, sandbox, sgv } from '../../test/support/sandbox';

describe('bgnow, delta and direction', () => {
  it('averages each 5-minute bucket and takes the delta to the previous one', () => {
    const sbx = sandbox({}, { sgvs: [sgv(100, 10), sgv(110, 5), sgv(120, 0, { direction: 'FortyFiveUp' })] });
    expect(sbx.property('bgnow')).toMatchObject({ mean: 120, last: 120, mills: NOW });
    expect(sbx.property('delta')).toMatchObject({ absolute: 10, elapsedMins: 5, interpolated: false, mean5MinsAgo: 110, mgdl: 10, scaled: 10, display: '+10' });
    expect(sbx.property('buckets')!.map((b) => b.mean)).toEqual([120, 110, 100, undefined]);
    expect(sbx.property('direction')).toEqual({ display: null, value: 'FortyFiveUp', label: '↗', entity: '&#8599;' });
  });

  it('interpolates a delta over more than 9 minutes to 5 minutes, and scales it in mmol', () => {
    const sbx = sandbox({ DISPLAY_UNITS: 'mmol' }, { sgvs: [sgv(100, 15), sgv(130, 0)] });
    expect(sbx.property('delta')).toMatchObject({ absolute: 30, elapsedMins: 15, interpolated: true, mean5MinsAgo: 120, mgdl: 10, scaled: 0.5, display: '+0.5' });
  });

  it('leaves CGM error codes out of the mean and lists them as errors', () => {
    const sbx = sandbox({}, { sgvs: [sgv(100, 5), sgv(10, 0.5), sgv(104, 0)] });
    expect(sbx.property('bgnow')).toMatchObject({ mean: 104, errors: [expect.objectContaining({ mgdl: 10 })] });
  });

  it('has no delta from one reading, no direction for a reading older than 15 minutes, ignores readings in the future', () => {
    expect(sandbox({}, { sgvs: [sgv(100, 0)] }).property('delta')).toBeUndefined();
    expect(sandbox({}, { sgvs: [sgv(100, 16, { direction: 'Flat' })] }).property('direction')).toBeUndefined();
    expect(sandbox({}, { sgvs: [sgv(100, 5), sgv(105, 0), sgv(300, -5)] }).property('bgnow')!.mean).toBe(105);
    expect(sandbox({}, { sgvs: [sgv(100, 0, { direction: 'Bogus' })] }).property('direction')!.label).toBe('-');
  });

  it('writes the default alarm message as the reference does', () => {
    const sbx = sandbox({ ENABLE: 'iob' }, { sgvs: [sgv(150, 5), sgv(170, 0, { direction: 'FortyFiveUp' })] });
    expect(sbx.defaultMessage()).toBe('BG Now: 170 +20 ↗ mg/dl\nBG 15m: 206 mg/dl');
    expect(sandbox({}, { sgvs: [sgv(39, 0)] }).defaultLines()[0]).toBe('BG Now: LOW - mg/dl');
  });
});
