/**
 * The machine-readable side of the channels: for every event of `/`, `/storage` and `/alarm`, its
 * direction, payload, acknowledgement, permission and rate limit, as typed data next to the event
 * maps. The server's gateways take their DTOs and rate-limit buckets from here, and the AsyncAPI
 * document is generated from it, so the three cannot drift apart. A contract must name exactly the
 * events of its maps: `ChannelContract` is a mapped type over them.
 */

/** The JSON Schema keywords the contracts use. A schema with a `title` is a named, reusable schema. */
export interface JsonSchema {
  title?: string;
  description?: string;
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';
  properties?: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  oneOf?: readonly JsonSchema[];
  const?: string | number | boolean;
  enum?: readonly (string | number)[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  examples?: readonly unknown[];
}

/** The socket rate-limit bucket an inbound event counts against (docs/rate-limits.md). */
export type SocketRateLimit = 'socket-read' | 'socket-write';

export interface EventPermission {
  /** The permission the server checks, or null when the event needs none. */
  permission: string | null;
  /** How the check works, in a sentence (flags, per-collection permissions, what happens otherwise). */
  description: string;
}

/** A kind of credential: the API secret's SHA-1/SHA-512 hex, a subject's access token, or a JWT. */
export type Credential = 'apiSecretHash' | 'accessToken' | 'jwt';

/** An event a client emits. */
export interface InboundEvent {
  summary: string;
  description?: string;
  /** The DTO class that validates the payload object. */
  dto?: new () => object;
  /** For events sent as positional arguments: one schema per argument. */
  arguments?: readonly { name: string; schema: JsonSchema }[];
  /** What the acknowledgement callback receives; null when the event is never acknowledged. */
  ack: JsonSchema | null;
  permission: EventPermission;
  rateLimit: SocketRateLimit;
  /** For the handshake events: each payload field that carries credentials, and what it may hold. */
  credentials?: Readonly<Record<string, readonly Credential[]>>;
}

/** An event the server emits. */
export interface OutboundEvent {
  summary: string;
  description?: string;
  /** The single argument, or null for an event without payload. */
  payload: JsonSchema | null;
  /** Which sockets receive it. */
  permission: EventPermission;
}

export interface ChannelContract<ClientToServer, ServerToClient> {
  namespace: string;
  title: string;
  description: string;
  receives: { readonly [E in keyof ClientToServer]-?: InboundEvent };
  sends: { readonly [E in keyof ServerToClient]-?: OutboundEvent };
}

/** Small constructors that keep the schemas in the channel files readable. */
export const schema = {
  object: (properties: Record<string, JsonSchema>, required: readonly string[] = [], rest: Partial<JsonSchema> = {}): JsonSchema => ({
    type: 'object',
    properties,
    ...(required.length > 0 ? { required } : {}),
    ...rest,
  }),
  string: (description?: string): JsonSchema => ({ type: 'string', ...(description ? { description } : {}) }),
  number: (description?: string): JsonSchema => ({ type: 'number', ...(description ? { description } : {}) }),
  integer: (description?: string): JsonSchema => ({ type: 'integer', ...(description ? { description } : {}) }),
  boolean: (description?: string): JsonSchema => ({ type: 'boolean', ...(description ? { description } : {}) }),
  constant: (value: string | number | boolean): JsonSchema => ({ const: value }),
  array: (items: JsonSchema, description?: string): JsonSchema => ({ type: 'array', items, ...(description ? { description } : {}) }),
  oneOf: (...options: JsonSchema[]): JsonSchema => ({ oneOf: options }),
  /** A schema published under its own name. */
  named: (title: string, description: string, body: JsonSchema): JsonSchema => ({ title, description, ...body }),
};
