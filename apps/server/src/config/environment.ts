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
