import { ConfigError } from './config-error';

/**
 * Reads a variable the way Nightscout does: `CUSTOMCONNSTR_<NAME>` (Azure), then the upper-case
 * name, then the lower-case name; values are trimmed and empty values count as unset.
 */
export function readEnv(env: NodeJS.ProcessEnv, name: string): string | undefined {
  for (const key of [`CUSTOMCONNSTR_${name}`, `CUSTOMCONNSTR_${name.toLowerCase()}`, name, name.toLowerCase()]) {
    const value = env[key]?.trim();
    if (value) return value;
  }
  return undefined;
}

/** The first of several names that is set (e.g. `MONGODB_URI` / `MONGO_CONNECTION` / `MONGO`). */
export const readFirstEnv = (env: NodeJS.ProcessEnv, names: readonly string[]): string | undefined =>
  names.map((n) => readEnv(env, n)).find((v) => v !== undefined);

/** A number (a decimal comma is accepted, as the reference does), or the fallback when unset. */
export function readNumber(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const value = Number(/^-?\d+,\d+$/.test(raw) ? raw.replace(',', '.') : raw);
  if (!Number.isFinite(value) || !check(value)) throw new ConfigError(name, `must be ${rule} (got "${raw}")`);
  return value;
}

const TRUE = ['true', 'on', '1', 'yes'];
const FALSE = ['false', 'off', '0', 'no'];

/** `on`/`true` or `off`/`false` (the reference's spellings, plus 1/0 and yes/no). */
export function readBoolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = readEnv(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

/** One of a few words, compared case-insensitively. */
export function readChoice<T extends string>(env: NodeJS.ProcessEnv, name: string, choices: readonly T[], fallback: T): T {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const choice = choices.find((c) => c === raw.toLowerCase());
  if (choice === undefined) throw new ConfigError(name, `must be one of ${choices.join(', ')} (got "${raw}")`);
  return choice;
}

/** A list separated by spaces (the reference's separator), commas or colons. */
export const splitList = (raw: string | undefined): string[] => (raw ?? '').split(/[\s,:]+/).filter(Boolean);
