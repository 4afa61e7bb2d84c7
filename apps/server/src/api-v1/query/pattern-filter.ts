import type { DocumentFilter } from '../../storage/stored-document';
import { expandBraces } from './brace-expansion';
import { MAX_REGEX_LENGTH } from './find-filter';
import { queryError } from './query-error';

/**
 * The `/times` and `/slice` condition: every expansion of `^prefix.*regex` matched against `field`
 * (docs/protocol/api-v1.md §5.1). Each part is bounded like `find[...][$regex]`.
 */
export function patternFilter(field: string, prefix?: string, regex?: string): DocumentFilter {
  if (!prefix && !regex) return {};
  const patterns = expandBraces(prefix ?? '').flatMap((p) => expandBraces(regex ?? '').map((r) => `^${p}.*${r}`));
  const regexes = patterns.map((pattern) => {
    if (pattern.length > MAX_REGEX_LENGTH) throw queryError(`patterns are limited to ${MAX_REGEX_LENGTH} characters`);
    try {
      return new RegExp(pattern);
    } catch {
      throw queryError(`not a valid regular expression: ${pattern}`);
    }
  });
  return { [field]: { $in: regexes } };
}
