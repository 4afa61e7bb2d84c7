import {
  ALARM_CHANNEL,
  LEGACY_CHANNEL,
  NIGHTSCOUT_VERSION,
  STORAGE_CHANNEL,
  type ChannelContract,
  type Credential,
  type InboundEvent,
  type JsonSchema,
  type OutboundEvent,
  type SocketRateLimit,
} from '@nightscout/protocol';
import type { RateLimits } from '../config/app-config';
import { IDENTITY_SOCKETS } from '../throttling/rate-limiter';
import { COMPONENT_REF, dtoSchema, type SchemaObject } from './dto-schemas';

/** The three channels by their key in the document (`#/channels/<key>`). */
export const CHANNELS = { legacy: LEGACY_CHANNEL, storage: STORAGE_CHANNEL, alarm: ALARM_CHANNEL } as const;
type AnyChannel = ChannelContract<Record<string, unknown>, Record<string, unknown>>;

/** Marks a reply message: the acknowledgement of the event it names. */
export const ACK_OF = 'x-acknowledgement-of';

const SECURITY_SCHEMES: Record<Credential, SchemaObject> = {
  apiSecretHash: {
    type: 'apiKey',
    in: 'user',
    description: 'The SHA-1 (or SHA-512) hex of `API_SECRET`, never the secret itself: `secret` of `/` `authorize` and of `/alarm` `subscribe`. Grants admin.',
  },
  accessToken: {
    type: 'apiKey',
    in: 'user',
    description:
      'A subject\'s access token (`<name>-<16 hex>`, from `/api/v2/authorization/subjects`): `secret` of `/` `authorize`, `accessToken` of `/storage` and `/alarm` `subscribe`. Grants the subject\'s roles plus `AUTH_DEFAULT_ROLES`.',
  },
  jwt: {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
    description: 'A JWT from `GET /api/v2/authorization/request/<access token>`: `token` of `/` `authorize`, `jwtToken` of `/alarm` `subscribe`, and (an addition to Nightscout) `accessToken` of `/storage` `subscribe`.',
  },
};

const DESCRIPTION = `Nightscout ${NIGHTSCOUT_VERSION}'s three socket.io namespaces as this server speaks them.

- Transport: socket.io 4 on the site's own origin and port, engine path \`/socket.io/\`, polling and websocket; socket.io 2 clients (Engine.IO 3) are accepted too.
- Namespaces are addressed from the site root: \`https://ns.example/storage\`, not under \`/api/v3\`.
- Connecting needs no credentials; they come with the first event (\`authorize\` on \`/\`, \`subscribe\` on \`/storage\` and \`/alarm\`).
- An acknowledgement callback is optional: every event does its work without one.
- Events are delivered at most once; after a reconnect, catch up over REST (API v3 history) or from the snapshot \`/\` sends after \`authorize\`.`;

/** Hoists every schema with a `title` into `components.schemas` and leaves a `$ref` in its place. */
class SchemaRegistry {
  readonly schemas: Record<string, SchemaObject> = {};

  ref(name: string, schema: SchemaObject): SchemaObject {
    const known = this.schemas[name];
    if (known && JSON.stringify(known) !== JSON.stringify(schema)) throw new Error(`two different schemas are named ${name}`);
    this.schemas[name] = schema;
    return { $ref: COMPONENT_REF + name };
  }

  hoist(schema: JsonSchema): SchemaObject {
    const { title, ...body } = schema;
    const walked: SchemaObject = { ...body };
    if (body.properties) walked.properties = Object.fromEntries(Object.entries(body.properties).map(([k, v]) => [k, this.hoist(v)]));
    if (body.items) walked.items = this.hoist(body.items);
    if (body.oneOf) walked.oneOf = body.oneOf.map((s) => this.hoist(s));
    if (typeof body.additionalProperties === 'object') walked.additionalProperties = this.hoist(body.additionalProperties);
    return title ? this.ref(title, walked) : walked;
  }

  dto(dto: new () => object): SchemaObject {
    return this.ref(dto.name, dtoSchema(dto));
  }
}

interface Limits {
  perSocket: number;
  variable: string;
}

function rateLimit(bucket: SocketRateLimit, limits: RateLimits): SchemaObject {
  const { perSocket, variable }: Limits =
    bucket === 'socket-write'
      ? { perSocket: limits.socketWritesPer10s, variable: 'RATE_LIMIT_SOCKET_WRITES_PER_10S' }
      : { perSocket: limits.socketReadsPer10s, variable: 'RATE_LIMIT_SOCKET_READS_PER_10S' };
  return {
    bucket,
    windowSeconds: 10,
    perSocket: perSocket || null,
    perIdentity: perSocket * IDENTITY_SOCKETS || null,
    variable,
    description: perSocket
      ? `A burst of ${perSocket} per socket, then ${perSocket / 10} a second; an identity gets ${IDENTITY_SOCKETS} sockets' worth. Over the limit: the \`Rate limited\` acknowledgement and nothing is done.`
      : 'Off on this server.',
  };
}

function inboundPayload(event: InboundEvent, registry: SchemaRegistry): SchemaObject {
  if (event.dto) return registry.dto(event.dto);
  const args = event.arguments ?? [];
  return {
    type: 'array',
    description: `Sent as ${args.length} positional arguments: ${args.map((a) => a.name).join(', ')}.`,
    items: args.map((a) => registry.hoist(a.schema)),
    minItems: args.length,
    maxItems: args.length,
    'x-positional-arguments': args.map((a) => a.name),
  };
}

/** The AsyncAPI 3.0 document of `/`, `/storage` and `/alarm`, from the channel contracts of libs/protocol. */
export function buildAsyncApiDocument(limits: RateLimits): SchemaObject {
  const registry = new SchemaRegistry();
  const channels: Record<string, SchemaObject> = {};
  const operations: Record<string, SchemaObject> = {};

  for (const [key, channel] of Object.entries(CHANNELS) as [string, AnyChannel][]) {
    const messages: Record<string, SchemaObject> = {};
    const channelRef = { $ref: `#/channels/${key}` };
    const messageRef = (name: string) => ({ $ref: `#/channels/${key}/messages/${name}` });

    for (const [name, event] of Object.entries(channel.receives) as [string, InboundEvent][]) {
      messages[name] = { name, title: name, summary: event.summary, ...(event.description ? { description: event.description } : {}), payload: inboundPayload(event, registry) };
      const credentials = Object.values(event.credentials ?? {}).flat();
      const operation: SchemaObject = {
        action: 'receive',
        channel: channelRef,
        title: name,
        summary: event.summary,
        messages: [messageRef(name)],
        'x-direction': 'client-to-server',
        'x-permission': event.permission,
        'x-rate-limit': rateLimit(event.rateLimit, limits),
      };
      if (credentials.length > 0) {
        operation.security = [...new Set(credentials)].map((c) => ({ $ref: `#/components/securitySchemes/${c}` }));
        operation['x-credentials'] = event.credentials;
      }
      if (event.ack) {
        const ackName = `${name}.ack`;
        messages[ackName] = { name: ackName, title: `${name} acknowledgement`, summary: `What the acknowledgement callback of \`${name}\` receives.`, payload: registry.hoist(event.ack), [ACK_OF]: name };
        operation.reply = { channel: channelRef, messages: [messageRef(ackName)] };
      } else {
        operation['x-acknowledgement'] = 'none';
      }
      operations[`${key}.${name}`] = operation;
    }

    for (const [name, event] of Object.entries(channel.sends) as [string, OutboundEvent][]) {
      messages[name] = { name, title: name, summary: event.summary, ...(event.description ? { description: event.description } : {}), ...(event.payload ? { payload: registry.hoist(event.payload) } : {}) };
      operations[`${key}.${name}`] = {
        action: 'send',
        channel: channelRef,
        title: name,
        summary: event.summary,
        messages: [messageRef(name)],
        'x-direction': 'server-to-client',
        'x-permission': event.permission,
      };
    }

    channels[key] = { address: channel.namespace, title: channel.title, description: channel.description, messages };
  }

  return {
    asyncapi: '3.0.0',
    info: { title: 'Nightscout socket channels', version: NIGHTSCOUT_VERSION, description: DESCRIPTION },
    defaultContentType: 'application/json',
    servers: {
      site: { host: 'localhost:1337', protocol: 'ws', description: 'The Nightscout site: socket.io on its HTTP(S) origin (use `wss` behind TLS).' },
    },
    channels,
    operations,
    components: { schemas: registry.schemas, securitySchemes: SECURITY_SCHEMES },
  };
}
