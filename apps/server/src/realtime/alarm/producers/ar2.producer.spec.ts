import { produce, sgv, treatment } from '../../../../test/support/sandbox';
import { Ar2Producer } from './ar2.producer';

const producer = new Ar2Producer();
const run = (before: number, now: number, env: Record<string, string> = {}, ageMins = 0, gap = 5) => produce(producer, env, { sgvs: [sgv(before, ageMins + gap), sgv(now, ageMins, { direction: 'FortyFiveUp' })] }).notifies;

/** The reference's ar2 scenarios and texts. */
describe('ar2 producer (ALARM_TYPES=predict, the default)', () => {
  it('warns of a predicted high while still in range', () => {
    expect(run(150, 170, { ENABLE: 'iob' })).toEqual([
      expect.objectContaining({ level: 1, title: 'Warning, HIGH predicted', message: 'BG Now: 170 +20 ↗ mg/dl\nBG 15m: 206 mg/dl', eventName: 'high', pushoverSound: 'climb', group: 'default', plugin: expect.objectContaining({ name: 'ar2' }) }),
    ]);
  });

  it.each([
    [140, 200, 2, 'Urgent, HIGH'],
    [90, 80, 1, 'Warning, LOW'],
    [90, 83, 1, 'Warning, LOW predicted'],
    [120, 85, 2, 'Urgent, LOW predicted'],
  ])('%i → %i: level %i "%s"', (before, now, level, title) => {
    expect(run(before, now)[0]).toMatchObject({ level, title });
  });

  it('interpolates readings more than 5 minutes apart (a warning instead of urgent)', () => {
    expect(run(120, 85, {}, 0, 11)[0]).toMatchObject({ level: 1, title: 'Warning, LOW predicted' });
  });

  it('says Check BG when volatile but neither high nor low in 20 minutes, and honours ALARM_LOW=off', () => {
    expect(run(120, 85, { ALARM_LOW: 'off' })[0]).toMatchObject({ level: 2, title: 'Urgent, Check BG predicted', eventName: '' });
  });

  it('is quiet in range, with readings older than 10 minutes, and when ALARM_TYPES=simple', () => {
    expect(run(100, 105)).toEqual([]);
    expect(run(120, 85, {}, 11)).toEqual([]);
    expect(run(120, 85, { ALARM_TYPES: 'simple' })).toEqual([]);
    expect(run(120, 85, { BG_LOW: '50' })).toEqual([]);
    // A treatment does not stop the forecast; snoozing is the treatment notice's job.
    expect(produce(producer, {}, { sgvs: [sgv(120, 5), sgv(85, 0)], treatments: [treatment(1, { carbs: 20 })] }).notifies).toHaveLength(1);
  });
});
