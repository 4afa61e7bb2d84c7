import { regexProblem } from '../../storage/store-regex';
import type { DocumentFilter } from '../../storage/stored-document';
import { expandBraces } from './brace-expansion';
import { queryError } from './query-error';

/**
 * The `/times` and `/slice` condition: every expansion of `^prefix.*regex` matched against `field`
 * (docs/protocol/api-v1.md §5.1). Each part is bounded like `find[...][$regex]`.
 */
export function patternFilter(field: string, prefix?: string, regex?: string): DocumentFilter {
  if (!prefix && !regex) return {};
  const patterns = expandBraces(prefix ?? '').flatMap((p) => expandBraces(regex ?? '').map((r) => `^${p}.*${r}`));
  const regexes = patterns.map((pattern) => {
    const problem = regexProblem(pattern);
    if (problem) throw queryError(`the path pattern ${pattern}: ${problem}`);
    return new RegExp(pattern);
  });
  return { [field]: { $in: regexes } };
}
