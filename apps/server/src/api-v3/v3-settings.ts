import { readEnv } from '../config/environment';

export const V3_SETTINGS = Symbol('V3_SETTINGS');

/** The API v3 switches of docs/protocol/api-v3.md §2. */
export interface V3Settings {
  securityEnabled: boolean;
  dedupFallbackEnabled: boolean;
  createdAtFallbackEnabled: boolean;
  maxLimit: number;
}

const DEFAULT_MAX_LIMIT = 1000;

/** Only on/true and off/false are switches; the reference keeps anything else as a (truthy) string. */
function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const value = readEnv(env, name)?.toLowerCase();
  return value !== 'off' && value !== 'false';
}

export function loadV3Settings(env: NodeJS.ProcessEnv = process.env): V3Settings {
  const limit = Number.parseInt(readEnv(env, 'API3_MAX_LIMIT') ?? '', 10);
  return {
    securityEnabled: flag(env, 'API3_SECURITY_ENABLE'),
    dedupFallbackEnabled: flag(env, 'API3_DEDUP_FALLBACK_ENABLED'),
    createdAtFallbackEnabled: flag(env, 'API3_CREATED_AT_FALLBACK_ENABLED'),
    maxLimit: Number.isFinite(limit) && limit > 0 ? limit : DEFAULT_MAX_LIMIT,
  };
}
