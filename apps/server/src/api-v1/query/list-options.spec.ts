import { expandBraces } from './brace-expansion';
import { listOptions } from './list-options';
import { patternFilter } from './pattern-filter';

describe('count, sort and path patterns', () => {
  it('uses the defaults and accepts count and sort[field]=1|-1', () => {
    expect(listOptions({}, { count: 10, sort: { date: -1 } })).toEqual({ limit: 10, sort: { date: -1 } });
    expect(listOptions({ count: '288', sort: { sgv: '1' } }, { count: 10, sort: { date: -1 } })).toEqual({ limit: 288, sort: { sgv: 1 } });
    expect(listOptions({}, { sort: { created_at: -1 } })).toEqual({ sort: { created_at: -1 } });
  });

  it.each([[{ count: 'ten' }], [{ count: '0' }], [{ count: ['1', '2'] }], [{ sort: { date: 'up' } }], [{ sort: { $natural: '1' } }], [{ sort: 'date' }]])(
    'rejects %j',
    (query) => expect(() => listOptions(query, { sort: {} })).toThrow(),
  );

  it('expands bash-style braces with zero padding, and bounds the expansion', () => {
    expect(expandBraces('T{06..08}:')).toEqual(['T06:', 'T07:', 'T08:']);
    expect(expandBraces('{a,b}-{1..2}')).toEqual(['a-1', 'a-2', 'b-1', 'b-2']);
    expect(() => expandBraces('{1..100000}')).toThrow();
  });

  it('builds anchored patterns for /times and /slice', () => {
    expect(patternFilter('dateString', '2024-05', 'T{06,07}:')).toEqual({ dateString: { $in: [/^2024-05.*T06:/, /^2024-05.*T07:/] } });
    expect(patternFilter('dateString')).toEqual({});
  });
});
