import { isIP } from 'node:net';
import { ConfigError } from './config-error';

/** Which peers may set `X-Forwarded-For`: none, the nearest N hops, or these addresses/subnets. */
export type TrustProxy = false | number | string[];

const isAddressOrSubnet = (entry: string): boolean => {
  const [address, prefix, ...rest] = entry.split('/');
  if (rest.length > 0 || !isIP(address)) return false;
  if (prefix === undefined) return true;
  const bits = Number(prefix);
  return /^\d+$/.test(prefix) && bits <= (isIP(address) === 4 ? 32 : 128);
};

/**
 * `TRUST_PROXY`: unset or false → off (the peer address is the client), a hop count, or a comma
 * list of addresses and CIDR subnets. `true` is refused: trusting every hop lets any client forge
 * the address it is rate limited by.
 */
export function parseTrustProxy(raw: string | undefined): TrustProxy {
  if (raw === undefined || ['false', 'off', '0', 'no'].includes(raw.toLowerCase())) return false;
  if (/^\d+$/.test(raw)) return Number(raw);
  const entries = raw.split(',').map((e) => e.trim()).filter(Boolean);
  const bad = entries.find((e) => !isAddressOrSubnet(e));
  if (bad !== undefined || entries.length === 0) {
    throw new ConfigError('TRUST_PROXY', `must be a hop count or a comma list of addresses and subnets (got "${bad ?? raw}")`);
  }
  return entries;
}
