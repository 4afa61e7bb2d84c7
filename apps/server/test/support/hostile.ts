import fc from 'fast-check';

/** How many generated cases each property runs: small in `npm test`, larger with FUZZ_RUNS. */
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 25);

/** Keys a server must never store or pass to the database. */
const hostileKey = fc.constantFrom('$where', '$gt', '$set', 'a.b', '__proto__', 'constructor', 'prototype', '$ne');

/** A leaf that breaks a rule: oversized, or an operator object. */
const hostileLeaf = fc.oneof(
  fc.constant('x'.repeat(70_000)),
  fc.record({ $gt: fc.string() }),
  fc.record({ $regex: fc.constant('.*'), $options: fc.constant('i') }),
);

function nest(value: unknown, depth: number): unknown {
  let v = value;
  for (let i = 0; i < depth; i++) v = { n: v };
  return v;
}

/**
 * A document that is invalid by construction: random ordinary fields plus at least one violation
 * (an operator or dotted or prototype key, an oversized string, or nesting deeper than allowed),
 * placed at a random depth.
 */
export const hostileDocument: fc.Arbitrary<Record<string, unknown>> = fc
  .tuple(
    fc.dictionary(fc.string({ minLength: 1, maxLength: 8 }).filter((k) => /^[a-z]+$/i.test(k)), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
    fc.oneof(
      fc.tuple(hostileKey, fc.jsonValue({ maxDepth: 1 })).map(([k, v]) => JSON.parse(`{${JSON.stringify(k)}: ${JSON.stringify(v ?? null)}}`) as Record<string, unknown>),
      fc.tuple(fc.constantFrom('notes', 'eventType', 'x'), hostileLeaf).map(([k, v]) => ({ [k]: v })),
      fc.constant({ deep: nest(1, 40) }),
    ),
    fc.nat({ max: 3 }),
  )
  .map(([plain, violation, depth]) => ({ ...plain, ...(depth === 0 ? violation : { wrap: nest(violation, depth) }) }));

/** Anything that is not an object payload at all. */
export const notAnObject = fc.oneof(fc.constant(null), fc.string({ maxLength: 20 }), fc.integer(), fc.boolean(), fc.array(fc.oneof(fc.integer(), fc.string(), fc.constant(null)), { maxLength: 3 }));

/** A collection name: real, aliased, or made up. */
export const collectionName = fc.oneof(fc.constantFrom('treatments', 'entries', 'devicestatus', 'profile', 'food', 'foods', 'activity', 'settings'), fc.string({ maxLength: 12 }));
