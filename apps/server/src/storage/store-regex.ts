import { RegExpParser, RegExpSyntaxError, visitRegExpAST, type AST } from '@eslint-community/regexpp';

/** Longest pattern a query may send. */
export const MAX_REGEX_LENGTH = 256;
/** RE2 (FerretDB) refuses larger repetition counts ("regular expression is too large"). */
const MAX_REPEAT = 1000;
/** Character escapes both engines read as JavaScript does: `\t \n \v \f \r \0 \xHH` and escaped punctuation. */
const PORTABLE_ESCAPE = /^\\([tnvfr0]|x[0-9A-Fa-f]{2}|[^A-Za-z0-9])$/;

const parser = new RegExpParser();

/**
 * Why the stores cannot run `pattern` as a `$regex`, or undefined when they can. Clients write
 * JavaScript patterns; MongoDB runs them with PCRE and FerretDB with Go's RE2, and both answer a
 * pattern they reject with an error (a 500 before; docs/protocol/api-v1.md §4, api-v3.md §8.1). Refused
 * before the query, with a reason:
 * lookarounds and back-references (RE2 has neither), escapes the engines read differently from
 * JavaScript (`\u0041`, `\cA`, `\Z`, `[\b]`), repetition counts over 1000, an unbounded repetition
 * inside another (exponential backtracking in PCRE), and patterns that do not parse.
 * Named groups `(?<n>…)` are run by both engines and kept.
 */
export function regexProblem(pattern: string, flags = ''): string | undefined {
  if (pattern.length > MAX_REGEX_LENGTH) return `regular expressions are limited to ${MAX_REGEX_LENGTH} characters`;
  let ast: AST.Pattern;
  try {
    ast = parser.parsePattern(pattern, 0, pattern.length, { unicode: flags.includes('u') });
  } catch (error) {
    if (error instanceof RegExpSyntaxError) return 'is not a valid regular expression';
    throw error;
  }
  const problems: string[] = [];
  visitRegExpAST(ast, {
    onAssertionEnter: (node) => {
      if (node.kind === 'lookahead' || node.kind === 'lookbehind') problems.push('lookaround assertions ((?=, (?!, (?<=, (?<!) are not supported');
    },
    onBackreferenceEnter: () => problems.push('back-references (\\1, \\k<name>) are not supported'),
    onCharacterEnter: (node) => {
      if (node.raw.startsWith('\\') && !PORTABLE_ESCAPE.test(node.raw)) problems.push(`the escape ${node.raw} is not supported`);
    },
    onQuantifierEnter: (node) => {
      if (Math.max(node.min, Number.isFinite(node.max) ? node.max : 0) > MAX_REPEAT) problems.push(`repetition counts are limited to ${MAX_REPEAT}`);
      if (node.max === Infinity && hasUnboundedRepeat(node.element)) problems.push('an unbounded repetition inside another ((a+)+) is not supported');
    },
  });
  return problems[0];
}

function hasUnboundedRepeat(element: AST.Node): boolean {
  let found = false;
  visitRegExpAST(element, {
    onQuantifierEnter: (node) => {
      if (node.max === Infinity) found = true;
    },
  });
  return found;
}
