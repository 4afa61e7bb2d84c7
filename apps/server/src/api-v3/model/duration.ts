type Doc = Record<string, unknown>;

const MINUTE_MS = 60_000;

function time(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string' || value.trim() === '') return undefined;
  const n = Number(value);
  if (Number.isFinite(n)) return n;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** `endmills` from the first duration property that exists (the reference stops at the first one). */
function endFrom(body: Doc, stored: Doc | undefined, base: number): number | undefined {
  if (Object.hasOwn(body, 'durationInMilliseconds')) {
    const ms = Number(body.durationInMilliseconds);
    return ms > 0 ? base + ms : undefined;
  }
  if (Object.hasOwn(body, 'duration')) return base + (Number(body.duration) || 0) * MINUTE_MS;
  if (stored && Object.hasOwn(stored, 'durationInMilliseconds')) {
    const ms = Number(stored.durationInMilliseconds);
    return ms > 0 ? base + ms : undefined;
  }
  if (stored && Object.hasOwn(stored, 'duration')) return base + (Number(stored.duration) || 0) * MINUTE_MS;
  return undefined;
}

/**
 * Nightscout 15's duration normalisation (docs/protocol/api-v3.md §7.7): keeps `endmills`,
 * `durationInMilliseconds` and `duration` consistent. `stored` is the fallback a PATCH has.
 */
export function normaliseDuration(body: Doc, stored?: Doc): Doc {
  const bases = [body.mills, stored?.mills, body.created_at, body.date, stored?.created_at, stored?.date];
  const base = bases.map(time).find((t) => t !== undefined);
  const result = { ...body };
  if (result.endmills == null && base !== undefined) {
    const end = endFrom(body, stored, base);
    if (end !== undefined) result.endmills = end;
  }
  const end = time(result.endmills);
  if (base !== undefined && end !== undefined && end >= base) {
    result.durationInMilliseconds = end - base;
    result.duration = Math.round((end - base) / MINUTE_MS);
  }
  return result;
}
