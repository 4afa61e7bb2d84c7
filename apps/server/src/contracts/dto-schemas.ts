import { DOCUMENT_LIMITS } from '@nightscout/protocol';
import { targetConstructorToSchema } from 'class-validator-jsonschema';

/** A JSON Schema as the generated documents carry it. */
export type SchemaObject = Record<string, unknown>;

export const COMPONENT_REF = '#/components/schemas/';

/** Marks a property whose schema `maxBatch` turns into "one document or an array of at most N". */
const ONE_OR_MANY = 'x-one-or-many';

/**
 * class-validator-jsonschema converts the built-in decorators; these are the protocol's own
 * (libs/protocol/src/documents/validators.ts), keyed by the name they are registered under.
 */
const PROTOCOL_DECORATORS: Record<string, (meta: { constraints: unknown[] }) => SchemaObject> = {
  isNumeric: () => ({ type: ['number', 'string'], description: 'a number, or a string holding one' }),
  isStringOrNumber: () => ({ type: ['string', 'number'] }),
  isPlainObject: () => ({ type: 'object' }),
  isSafeDocument: () => ({
    description:
      `storable: no field name starting with \`$\`, containing a dot or naming the prototype; at most ${DOCUMENT_LIMITS.maxDepth} levels, ` +
      `${DOCUMENT_LIMITS.maxKeys} fields, ${DOCUMENT_LIMITS.maxStringLength}-character strings and ${DOCUMENT_LIMITS.maxArrayLength}-item arrays`,
  }),
  maxBatch: (meta) => ({ [ONE_OR_MANY]: meta.constraints[0] }),
};

/** `each` made the property an array of documents; with `maxBatch` a single document is accepted too. */
function oneOrMany(property: SchemaObject): SchemaObject {
  const { [ONE_OR_MANY]: max, items, type: _array, ...rest } = property;
  if (max === undefined) return property;
  return { ...rest, oneOf: [items, { type: 'array', items, maxItems: max }] };
}

/** The JSON Schema of a class-validator DTO, from the same metadata its validation runs on. */
export function dtoSchema(dto: new () => object): SchemaObject {
  const schema = targetConstructorToSchema(dto, { additionalConverters: PROTOCOL_DECORATORS, refPointerPrefix: COMPONENT_REF }) as SchemaObject;
  const properties = Object.entries((schema.properties ?? {}) as Record<string, SchemaObject>).map(([name, property]) => [name, oneOrMany(property)]);
  // Documents are open: fields the DTO does not declare are stored as sent.
  return { ...schema, properties: Object.fromEntries(properties) };
}
