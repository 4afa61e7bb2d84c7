import Ajv from 'ajv';
import type { OpenAPIV3_1 } from 'openapi-types';
import { loadConfig } from '../../src/config/app-config';
import { ACK_OF, buildAsyncApiDocument } from '../../src/contracts/asyncapi';

type Message = { name: string; payload?: unknown; [ACK_OF]?: string };
type AsyncApi = { channels: Record<string, { address: string; messages: Record<string, Message> }> };

export const ASYNCAPI = buildAsyncApiDocument(loadConfig({}).rateLimits) as unknown as AsyncApi;

const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(ASYNCAPI as object, 'asyncapi');

/** The AsyncAPI channel key of a namespace (`/storage` → `storage`). */
export const channelOf = (namespace: string): string => Object.entries(ASYNCAPI.channels).find(([, c]) => c.address === namespace)![0];

/** The documented messages of a namespace: its events, and the acknowledgement of each event that has one. */
export function messagesOf(namespace: string): { events: string[]; acks: Map<string, string> } {
  const messages = Object.entries(ASYNCAPI.channels[channelOf(namespace)].messages);
  return {
    events: messages.filter(([, m]) => !m[ACK_OF]).map(([key]) => key),
    acks: new Map(messages.filter(([, m]) => m[ACK_OF]).map(([key, m]) => [m[ACK_OF]!, key])),
  };
}

/**
 * Validates a value against the payload schema of a documented message of a namespace (an event,
 * or `<event>.ack`); returns the problems, or a line saying the message is not documented.
 */
export function contractProblems(namespace: string, message: string, value: unknown): string[] {
  const key = channelOf(namespace);
  const documented = ASYNCAPI.channels[key].messages[message];
  if (!documented) return [`${namespace} ${message} is not documented`];
  if (documented.payload === undefined) return value === undefined ? [] : [`${namespace} ${message} has no payload, got ${JSON.stringify(value)}`];
  const validate = ajv.getSchema(`asyncapi#/channels/${key}/messages/${message.replace(/~/g, '~0').replace(/\//g, '~1')}/payload`)!;
  return validate(value) ? [] : (validate.errors ?? []).map((e) => `${namespace} ${message}${e.instancePath}: ${e.message}`);
}

type Method = 'get' | 'put' | 'post' | 'delete' | 'patch';

/**
 * The documented operation a request reaches, or undefined: the v1 format suffix is what the
 * server's middleware strips before routing (`/api/v1/status.json` is `/api/v1/status`), and a
 * literal path wins over a template, as in the router (`/api/v3/status` before `/api/v3/{collection}`).
 */
export function documentedOperation(document: OpenAPIV3_1.Document, method: string, url: string): { template: string; operation: OpenAPIV3_1.OperationObject } | undefined {
  const raw = decodeURIComponent(url.split('?')[0]);
  const path = /^\/api\/v[12]\//.test(raw) ? raw.replace(/\.(json|csv|tsv|txt|html|svg|png|js)$/, '') : raw;
  const candidates = Object.entries(document.paths ?? {}).filter(([, item]) => item?.[method.toLowerCase() as Method]);
  const found = candidates.find(([template]) => template === path) ?? candidates.find(([template]) => new RegExp(`^${template.replace(/\{\w+\}/g, '[^/]+')}$`).test(path));
  return found && { template: found[0], operation: found[1]![method.toLowerCase() as Method]! };
}
