import { queryError } from './query-error';

export const MAX_EXPANSIONS = 256;
const GROUP = /\{([^{}]*)\}/;
const RANGE = /^(-?\d+)\.\.(-?\d+)$/;

/**
 * Bash-style expansion of `{a,b}` and `{06..08}` groups, as `/times` and `/slice` accept them
 * (docs/protocol/api-v1.md §5.1). Bounded so a path cannot ask for millions of patterns.
 */
export function expandBraces(pattern: string): string[] {
  const match = GROUP.exec(pattern);
  if (!match) return [pattern];
  const before = pattern.slice(0, match.index);
  const after = pattern.slice(match.index + match[0].length);
  const results = groupValues(match[1]).flatMap((value) => expandBraces(before + value + after));
  if (results.length > MAX_EXPANSIONS) throw queryError(`the pattern expands to more than ${MAX_EXPANSIONS} alternatives`);
  return results;
}

function groupValues(body: string): string[] {
  const range = RANGE.exec(body);
  if (!range) return body.split(',');
  const [from, to] = [Number(range[1]), Number(range[2])];
  if (Math.abs(to - from) >= MAX_EXPANSIONS) throw queryError(`the pattern expands to more than ${MAX_EXPANSIONS} alternatives`);
  const width = range[1].length === range[2].length ? range[1].length : 0;
  const step = from <= to ? 1 : -1;
  const values: string[] = [];
  for (let n = from; n !== to + step; n += step) values.push(String(n).padStart(width, '0'));
  return values;
}
