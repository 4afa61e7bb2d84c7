import { REFUSED_PATTERNS, RUNNABLE_PATTERNS } from '../../test/support/regex-cases';
import { MAX_REGEX_LENGTH, regexProblem } from './store-regex';

describe('regular expressions the stores can run', () => {
  it.each(RUNNABLE_PATTERNS)('%s is accepted', (pattern) => expect(regexProblem(pattern)).toBeUndefined());

  it.each(REFUSED_PATTERNS)('%s is refused: %s', (pattern, reason) => expect(regexProblem(pattern)).toMatch(reason));

  it('bounds the length', () => {
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH))).toBeUndefined();
    expect(regexProblem('a'.repeat(MAX_REGEX_LENGTH + 1))).toMatch(/limited/);
  });
});
