import { registerDecorator, type ValidationOptions } from 'class-validator';

/** Bounds on client documents; the reference accepts anything up to 1 MB per socket message. */
export const DOCUMENT_LIMITS = {
  maxDepth: 12,
  maxKeys: 2000,
  maxStringLength: 65_536,
  maxArrayLength: 10_000,
} as const;

const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

/** Names that reach an object's prototype when used as a key: never stored, never a field of a query. */
export const isPrototypeKey = (key: string): boolean => PROTOTYPE_KEYS.has(key);

/**
 * Why a value cannot be stored as a document, or undefined when it can: keys that MongoDB would
 * read as operators (`$x`) or paths (`a.b`), prototype-pollution keys, and sizes beyond the limits.
 */
export function documentProblem(value: unknown, limits = DOCUMENT_LIMITS): string | undefined {
  let keys = 0;
  const visit = (node: unknown, depth: number, path: string): string | undefined => {
    if (typeof node === 'string') {
      return node.length > limits.maxStringLength ? `${path || 'value'} is longer than ${limits.maxStringLength} characters` : undefined;
    }
    if (node === null || typeof node !== 'object') return undefined;
    if (depth > limits.maxDepth) return `${path} is nested deeper than ${limits.maxDepth} levels`;
    if (Array.isArray(node)) {
      if (node.length > limits.maxArrayLength) return `${path} has more than ${limits.maxArrayLength} items`;
      for (let i = 0; i < node.length; i++) {
        const problem = visit(node[i], depth + 1, `${path}[${i}]`);
        if (problem) return problem;
      }
      return undefined;
    }
    if (node instanceof Date) return undefined;
    for (const key of Object.keys(node)) {
      const at = path ? `${path}.${key}` : key;
      if (++keys > limits.maxKeys) return `the document has more than ${limits.maxKeys} fields`;
      if (key === '') return `${path || 'the document'} has a field with an empty name`;
      if (key.startsWith('$')) return `field ${at} must not start with $`;
      if (key.includes('.')) return `field ${at} must not contain a dot`;
      if (isPrototypeKey(key)) return `field ${at} is not allowed`;
      const problem = visit((node as Record<string, unknown>)[key], depth + 1, at);
      if (problem) return problem;
    }
    return undefined;
  };
  return visit(value, 0, '');
}

/** `constraints` are the decorator's arguments, recorded so that schema generators can read them. */
const register = (name: string, validate: (value: unknown) => boolean, message: string, options?: ValidationOptions, constraints?: unknown[]) =>
  (target: object, propertyName: string) =>
    registerDecorator({ name, target: target.constructor, propertyName, constraints, options: { message, ...options }, validator: { validate } });

/** A number, or a string holding one (form-encoded uploads send every value as a string). */
export const IsNumeric = (options?: ValidationOptions) =>
  register(
    'isNumeric',
    (v) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v))),
    '$property must be a number',
    options,
  );

/** A plain JSON object (not an array, not null). */
export const IsPlainObject = (options?: ValidationOptions) =>
  register('isPlainObject', (v) => typeof v === 'object' && v !== null && !Array.isArray(v), '$property must be an object', options);

/** An object that is safe to store (see documentProblem). */
export const IsSafeDocument = (options?: ValidationOptions) =>
  register('isSafeDocument', (v) => documentProblem(v) === undefined, '$property contains fields or sizes that cannot be stored', options);

/** A string or a number: ids, dates and free-form identifiers arrive as either. */
export const IsStringOrNumber = (options?: ValidationOptions) =>
  register('isStringOrNumber', (v) => typeof v === 'string' || (typeof v === 'number' && Number.isFinite(v)), '$property must be a string or a number', options);

/** At most `max` items when the value is an array; a single document passes. */
/**
 * Most documents one write may carry (a REST body array or a `dbAdd` array): uploaders send backlogs
 * in batches of a few hundred; a larger array would hold the write path for minutes.
 */
export const MAX_DOCUMENTS_PER_WRITE = 1000;

export const MaxBatch = (max: number, options?: ValidationOptions) =>
  register('maxBatch', (v) => !Array.isArray(v) || v.length <= max, `$property must hold at most ${max} documents`, options, [max]);
