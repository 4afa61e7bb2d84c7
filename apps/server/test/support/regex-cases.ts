/** Patterns clients send that both MongoDB (PCRE) and FerretDB (RE2) run. */
export const RUNNABLE_PATTERNS: readonly string[] = [
  '^xDrip', '2024-05', 'Bolus', '^[A-Za-z ]+$', '\\d{2,4}', 'a{1000}', '\\.json$', '\\bcarb', '(?:a|b)*c', '(?<name>a)b', 'x\\x41\\t', '[^/]+', '.*', 'a+b*',
];

/** Patterns the stores reject or cannot run safely, with the reason the server gives. */
export const REFUSED_PATTERNS: readonly [string, RegExp][] = [
  ['(?=a)', /lookaround/],
  ['(?!a)', /lookaround/],
  ['(?<=a)b', /lookaround/],
  ['(?<!a)b', /lookaround/],
  ['(a)\\1', /back-references/],
  ['(?<n>a)\\k<n>', /back-references/],
  ['[', /not a valid regular expression/],
  ['(a', /not a valid regular expression/],
  ['a{1001}', /repetition counts are limited to 1000/],
  ['a{2000,}', /repetition counts/],
  ['(a+)+$', /unbounded repetition inside another/],
  ['(x*y*)*z', /unbounded repetition inside another/],
  ['\\u0041', /escape \\u0041/],
  ['\\cA', /escape \\cA/],
  ['\\Z', /escape \\Z/],
  ['[\\b]', /escape \\b/],
  ['\\8', /escape \\8/],
  ['a'.repeat(257), /limited to 256 characters/],
];
