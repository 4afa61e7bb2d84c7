import { produce, sgv } from '../../../../test/support/sandbox';
import { loadConfig } from '../../../config/app-config';
import { ErrorCodesProducer } from './errorcodes.producer';

const producer = new ErrorCodesProducer();
const code = (mgdl: number, env: Record<string, string> = {}, minutesAgo = 0) => produce(producer, env, { sgvs: [sgv(mgdl, minutesAgo)] }).notifies;

describe('errorcodes producer', () => {
  it('is urgent for ??? (10) and hourglass (9), info for calibration (5) and other codes below 9', () => {
    expect(code(10)).toEqual([expect.objectContaining({ level: 2, title: 'CGM Error Code', message: '???', group: 'CGM Error Code', pushoverSound: 'alien' })]);
    expect(code(9)[0]).toMatchObject({ level: 2, message: '?AD', pushoverSound: 'alien' });
    expect(code(5)[0]).toMatchObject({ level: 0, message: '?NC', pushoverSound: 'intermission' });
    expect(code(1)[0]).toMatchObject({ level: 0, message: '?SN' });
    expect(code(12)).toEqual([]);
  });

  it('takes ERRORCODES_INFO/WARN/URGENT lists, off for none (which the reference could not do)', () => {
    expect(code(12, { ERRORCODES_WARN: '12' })[0]).toMatchObject({ level: 1, message: '?RF' });
    expect(code(9, { ERRORCODES_URGENT: 'off' })).toEqual([]);
    expect(code(5, { ERRORCODES_INFO: 'off' })).toEqual([]);
    expect(() => loadConfig({ ERRORCODES_URGENT: 'nine' })).toThrow(/ERRORCODES_URGENT must be CGM error codes/);
  });

  it('is quiet for glucose values, stale readings and when disabled', () => {
    expect(code(100)).toEqual([]);
    expect(code(10, {}, 10)).toEqual([]);
    expect(code(39)).toEqual([]);
  });
});
