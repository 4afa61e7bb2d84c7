import { readContract } from './site';

/** The parts of the contract documents the site reads (apps/server/src/contracts). */
export interface Schema {
  $ref?: string;
  title?: string;
  description?: string;
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema | Schema[];
  oneOf?: Schema[];
  allOf?: Schema[];
  const?: unknown;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  maxItems?: number;
  'x-positional-arguments'?: string[];
}

type Ref = { $ref: string };

export interface EventPermission {
  permission: string | null;
  description: string;
}

export interface RateLimit {
  bucket: string;
  perSocket: number | null;
  perIdentity: number | null;
  windowSeconds: number;
  variable: string;
  description: string;
}

interface AsyncApiMessage {
  name: string;
  summary: string;
  description?: string;
  payload?: Schema;
}

interface AsyncApiOperation {
  action: 'send' | 'receive';
  channel: Ref;
  summary: string;
  messages: Ref[];
  reply?: { messages: Ref[] };
  security?: Ref[];
  'x-permission': EventPermission;
  'x-rate-limit'?: RateLimit;
  'x-credentials'?: Record<string, string[]>;
}

export interface AsyncApiDocument {
  info: { title: string; version: string; description: string };
  channels: Record<string, { address: string; title: string; description: string; messages: Record<string, AsyncApiMessage> }>;
  operations: Record<string, AsyncApiOperation>;
  components: { schemas: Record<string, Schema>; securitySchemes: Record<string, { type: string; description: string }> };
}

/** An event of a channel with everything the channel page shows about it. */
export interface ChannelEvent {
  name: string;
  direction: 'client-to-server' | 'server-to-client';
  summary: string;
  description?: string;
  payload?: Schema;
  ack?: Schema;
  permission: EventPermission;
  rateLimit?: RateLimit;
  credentials?: Record<string, string[]>;
}

export const asyncApi = (): AsyncApiDocument => readContract<AsyncApiDocument>('asyncapi.json');

const last = (ref: Ref) => ref.$ref.split('/').pop()!;

/** The events of a channel (`legacy`, `storage`, `alarm`), client-to-server first, in document order. */
export function channelEvents(document: AsyncApiDocument, key: string): ChannelEvent[] {
  const channel = document.channels[key];
  return Object.values(document.operations)
    .filter((op) => op.channel.$ref === `#/channels/${key}`)
    .sort((a, b) => (a.action === b.action ? 0 : a.action === 'receive' ? -1 : 1))
    .map((op) => {
      const message = channel.messages[last(op.messages[0])];
      const ack = op.reply ? channel.messages[last(op.reply.messages[0])] : undefined;
      return {
        name: message.name,
        direction: op.action === 'receive' ? 'client-to-server' : 'server-to-client',
        summary: message.summary,
        description: message.description,
        payload: message.payload,
        ack: ack?.payload,
        permission: op['x-permission'],
        rateLimit: op['x-rate-limit'],
        credentials: op['x-credentials'],
      };
    });
}

/** The names of the component schemas a schema refers to, transitively. */
export function referencedSchemas(schemas: Record<string, Schema>, roots: (Schema | undefined)[]): string[] {
  const found = new Set<string>();
  const visit = (schema: Schema | Schema[] | undefined): void => {
    if (!schema) return;
    if (Array.isArray(schema)) return schema.forEach(visit);
    if (schema.$ref) {
      const name = schema.$ref.split('/').pop()!;
      if (found.has(name)) return;
      found.add(name);
      visit(schemas[name]);
    }
    Object.values(schema.properties ?? {}).forEach(visit);
    visit(schema.items);
    visit(schema.oneOf);
    visit(schema.allOf);
  };
  roots.forEach(visit);
  return [...found].sort();
}
