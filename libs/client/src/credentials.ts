import { sha1 } from '@noble/hashes/legacy.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The shortest API secret Nightscout accepts (docs/protocol/api-v1.md §3.2). */
export const MIN_API_SECRET_LENGTH = 12;

/**
 * The SHA-1 hex of an API secret, as the legacy web UI sends it. A library rather than
 * `crypto.subtle`: browsers offer SubtleCrypto only on HTTPS and localhost, and people open their
 * site on plain HTTP in the home network.
 */
export const hashSecret = (secret: string): string => bytesToHex(sha1(utf8ToBytes(secret)));

/** How a client proves who it is: the API secret (plain or hashed), a subject's access token, or nothing. */
export interface Credentials {
  /** The API secret as typed; hashed with SHA-1 before anything is sent. */
  secret?: string;
  /** The SHA-1 (or SHA-512) hex of the API secret, as a device remembers it. */
  secretHash?: string;
  /** A subject's access token (`name-0123456789abcdef`), exchanged for a JWT. */
  token?: string;
}

/** What `/api/v2/authorization/request/:accessToken` answers. */
export interface JwtGrant {
  token: string;
  sub: string;
  permissionGroups: string[][];
  iat: number;
  exp: number;
}

/** The credentials in the one form each transport needs. */
export interface ResolvedCredentials {
  secretHash?: string;
  accessToken?: string;
}

export function resolveCredentials(credentials: Credentials): ResolvedCredentials {
  if (credentials.secret !== undefined && credentials.secretHash !== undefined) throw new Error('pass secret or secretHash, not both');
  if ((credentials.secret ?? credentials.secretHash) !== undefined && credentials.token !== undefined) throw new Error('pass a secret or a token, not both');
  const secretHash = credentials.secret !== undefined ? hashSecret(credentials.secret) : credentials.secretHash?.toLowerCase();
  return { secretHash, accessToken: credentials.token };
}
