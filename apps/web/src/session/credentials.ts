import type { Credentials } from '@nightscout/client';

/** What the device remembers: the API secret's SHA-1 (never the secret) or an access token. */
export type StoredCredentials = { secretHash: string } | { token: string } | Record<string, never>;

const KEY = 'nightscout.credentials';

const storage = (): Storage | undefined => {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined; // storage disabled (private mode, policies)
  }
};

export function loadCredentials(): StoredCredentials {
  const raw = storage()?.getItem(KEY);
  if (!raw) return {};
  try {
    const value = JSON.parse(raw) as Record<string, unknown>;
    if (typeof value.secretHash === 'string') return { secretHash: value.secretHash };
    if (typeof value.token === 'string') return { token: value.token };
  } catch {
    // an unreadable entry counts as none
  }
  return {};
}

export function saveCredentials(credentials: StoredCredentials): void {
  if (Object.keys(credentials).length === 0) storage()?.removeItem(KEY);
  else storage()?.setItem(KEY, JSON.stringify(credentials));
}

/** `?token=` in the address signs in with that access token, as in the legacy UI. */
export function tokenFromAddress(search: string): string | undefined {
  const token = new URLSearchParams(search).get('token')?.trim();
  return token ? token : undefined;
}

export const asClientCredentials = (stored: StoredCredentials): Credentials => ({ ...stored });
