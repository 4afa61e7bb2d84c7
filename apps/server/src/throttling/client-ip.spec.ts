import { clientIp, proxyTrust } from './client-ip';

describe('clientIp', () => {
  it('ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientIp('203.0.113.9', '1.2.3.4', proxyTrust(false))).toBe('203.0.113.9');
  });

  it('walks as many hops as TRUST_PROXY counts', () => {
    expect(clientIp('10.0.0.1', '6.6.6.6, 1.2.3.4', proxyTrust(1))).toBe('1.2.3.4');
    expect(clientIp('10.0.0.1', '6.6.6.6, 1.2.3.4', proxyTrust(2))).toBe('6.6.6.6');
    expect(clientIp('10.0.0.1', undefined, proxyTrust(1))).toBe('10.0.0.1');
  });

  it('trusts only listed addresses and subnets, IPv4-mapped or not', () => {
    const trust = proxyTrust(['127.0.0.1', '10.0.0.0/8']);
    expect(clientIp('::ffff:127.0.0.1', '1.2.3.4', trust)).toBe('1.2.3.4');
    expect(clientIp('10.9.8.7', ['5.5.5.5, 10.1.1.1'], trust)).toBe('5.5.5.5');
    expect(clientIp('198.51.100.7', '1.2.3.4', trust)).toBe('198.51.100.7');
  });

  it('gives one key per IPv6 /64 and unwraps IPv4-mapped addresses', () => {
    expect(clientIp('2001:db8:1:2:3:4:5:6', undefined, proxyTrust(false))).toBe('2001:db8:1:2::/64');
    expect(clientIp('::ffff:192.0.2.1', undefined, proxyTrust(false))).toBe('192.0.2.1');
  });
});
