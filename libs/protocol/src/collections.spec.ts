import { resolveV1Collection, resolveV3Collection } from './collections';

describe('collection names clients send', () => {
  it('resolves names and the foods alias', () => {
    expect(resolveV1Collection('treatments')).toBe('treatments');
    expect(resolveV3Collection('foods')).toBe('food');
    expect(resolveV1Collection('settings')).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'])('%s names no collection', (name) => {
    expect(resolveV1Collection(name)).toBeUndefined();
    expect(resolveV3Collection(name)).toBeUndefined();
  });
});
