import { normalizeIp } from '@nestjs/throttler';
import { BlockList, isIP } from 'node:net';
import type { TrustProxy } from '../config/trust-proxy';

/** Express's `trust proxy` function signature: may the peer at `hop` (0 = our own peer) set X-Forwarded-For? */
export type ProxyTrust = (address: string, hop: number) => boolean;

const unmapped = (address: string) => address.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');

/** The `TRUST_PROXY` setting as one function, used by Express (`req.ip`) and by socket handshakes alike. */
export function proxyTrust(setting: TrustProxy): ProxyTrust {
  if (setting === false) return () => false;
  if (typeof setting === 'number') return (_address, hop) => hop < setting;
  const trusted = new BlockList();
  for (const entry of setting) {
    const [address, prefix] = entry.split('/');
    const family = isIP(address) === 4 ? 'ipv4' : 'ipv6';
    if (prefix === undefined) trusted.addAddress(address, family);
    else trusted.addSubnet(address, Number(prefix), family);
  }
  return (address) => {
    const bare = unmapped(address);
    const family = isIP(bare);
    return family !== 0 && trusted.check(bare, family === 4 ? 'ipv4' : 'ipv6');
  };
}

/**
 * The client address as Express computes it (proxy-addr): walk from the peer outwards through
 * X-Forwarded-For while each hop is trusted; the first untrusted one is the client. Normalised
 * (IPv4-mapped IPv6 unwrapped, IPv6 to its /64) so that one client has one key.
 */
export function clientIp(peer: string, forwardedFor: string | string[] | undefined, trust: ProxyTrust): string {
  const forwarded = (Array.isArray(forwardedFor) ? forwardedFor.join(',') : (forwardedFor ?? ''))
    .split(',')
    .map((a) => a.trim())
    .filter(Boolean)
    .reverse();
  const hops = [peer, ...forwarded];
  let hop = 0;
  while (hop < hops.length - 1 && trust(hops[hop], hop)) hop += 1;
  return normalizeIp(hops[hop]);
}
