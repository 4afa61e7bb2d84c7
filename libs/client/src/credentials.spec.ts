import { hashSecret, resolveCredentials } from './credentials';

describe('credentials', () => {
  it('hashes the API secret with SHA-1 as the legacy web UI does', () => {
    expect(hashSecret('this is my long pass phrase')).toBe('b723e97aa97846eb92d5264f084b2823f57c4aa1');
    expect(hashSecret('ünïcödé secret')).toMatch(/^[0-9a-f]{40}$/);
  });

  it('sends a remembered hash as it is (lower case) and a token unchanged', () => {
    expect(resolveCredentials({ secretHash: 'B723E97AA97846EB92D5264F084B2823F57C4AA1' })).toEqual({ secretHash: 'b723e97aa97846eb92d5264f084b2823f57c4aa1', accessToken: undefined });
    expect(resolveCredentials({ token: 'reader-0123456789abcdef' })).toEqual({ secretHash: undefined, accessToken: 'reader-0123456789abcdef' });
    expect(resolveCredentials({})).toEqual({});
  });

  it('refuses ambiguous credentials', () => {
    expect(() => resolveCredentials({ secret: 'x'.repeat(12), secretHash: 'ab' })).toThrow(/not both/);
    expect(() => resolveCredentials({ secret: 'x'.repeat(12), token: 't' })).toThrow(/not both/);
  });
});
