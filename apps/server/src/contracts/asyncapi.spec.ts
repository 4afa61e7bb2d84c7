import { Parser } from '@asyncapi/parser';
import { ALARM_CHANNEL, ALARM_EVENTS, LEGACY_EVENTS, STORAGE_EVENTS } from '@nightscout/protocol';
import { loadConfig } from '../config/app-config';
import { ACK_OF, CHANNELS, buildAsyncApiDocument } from './asyncapi';

type Doc = {
  channels: Record<string, { address: string; messages: Record<string, { payload?: unknown; [ACK_OF]?: string }> }>;
  operations: Record<string, { action: string; channel: { $ref: string }; messages: { $ref: string }[]; reply?: unknown; 'x-permission'?: unknown; 'x-rate-limit'?: { perSocket: number } }>;
};

const document = buildAsyncApiDocument(loadConfig({}).rateLimits) as unknown as Doc;
const alarmDeliveries = Object.keys(ALARM_CHANNEL.sends);

/** The event names of each namespace in libs/protocol: its event-name constants (and the alarm events it also carries). */
const PROTOCOL_EVENTS: Record<keyof typeof CHANNELS, string[]> = {
  legacy: [...Object.values(LEGACY_EVENTS), ...alarmDeliveries],
  storage: [...Object.values(STORAGE_EVENTS), ...alarmDeliveries],
  alarm: Object.values(ALARM_EVENTS),
};

const operationsOf = (key: string, action: 'send' | 'receive') =>
  Object.entries(document.operations)
    .filter(([, op]) => op.channel.$ref === `#/channels/${key}` && op.action === action)
    .map(([id, op]) => ({ id, event: op.messages[0].$ref.split('/').pop()!, op }));

describe('the AsyncAPI document of the socket channels', () => {
  it('is valid AsyncAPI 3.0', async () => {
    const { document: parsed, diagnostics } = await new Parser().parse(JSON.stringify(document));
    expect(diagnostics.filter((d) => d.severity === 0).map((d) => `${d.path.join('.')}: ${d.message}`)).toEqual([]);
    expect(parsed?.channels().all().map((c) => c.address())).toEqual(['/', '/storage', '/alarm']);
  });

  it.each(Object.keys(CHANNELS) as (keyof typeof CHANNELS)[])('documents every event of %s in libs/protocol, and no other', (key) => {
    const contract = CHANNELS[key];
    const received = operationsOf(key, 'receive').map((o) => o.event);
    const sent = operationsOf(key, 'send').map((o) => o.event);
    expect(received.sort()).toEqual(Object.keys(contract.receives).sort());
    expect(sent.sort()).toEqual(Object.keys(contract.sends).sort());
    expect([...received, ...sent].sort()).toEqual([...new Set(PROTOCOL_EVENTS[key])].sort());
    const events = Object.entries(document.channels[key].messages).filter(([, m]) => !m[ACK_OF]);
    expect(events.map(([name]) => name).sort()).toEqual([...received, ...sent].sort());
  });

  it('gives every inbound event its payload schema, permission, rate limit and acknowledgement (or says it has none)', () => {
    for (const key of Object.keys(CHANNELS) as (keyof typeof CHANNELS)[]) {
      for (const { event, op } of operationsOf(key, 'receive')) {
        const contract = (CHANNELS[key].receives as Record<string, { ack: unknown }>)[event];
        expect({ event, payload: document.channels[key].messages[event].payload !== undefined }).toEqual({ event, payload: true });
        expect(op['x-permission']).toBeDefined();
        expect(op['x-rate-limit']?.perSocket).toBeGreaterThan(0);
        expect({ event, reply: op.reply !== undefined }).toEqual({ event, reply: contract.ack !== null });
      }
      for (const { op } of operationsOf(key, 'send')) expect(op['x-permission']).toBeDefined();
    }
  });

  it('describes payloads from the DTOs, e.g. dbAdd takes one document or a batch', () => {
    const schemas = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, unknown>; required?: string[] }> } }).components.schemas;
    expect(schemas.DbAddDto.required).toEqual(expect.arrayContaining(['collection', 'data']));
    expect(schemas.DbAddDto.properties.data).toMatchObject({ oneOf: [{ type: 'object' }, { type: 'array', maxItems: 1000 }] });
    expect(schemas.AuthorizeDto.properties.secret).toMatchObject({ type: 'string', maxLength: 4096 });
  });
});
