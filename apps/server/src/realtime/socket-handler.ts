import { Logger } from '@nestjs/common';
import type { Namespace, Socket } from 'socket.io';
import { databaseErrorKind } from '../storage/database-errors';
import { socketMetrics } from './socket-io.adapter';

const logger = new Logger('Socket');

/** The client address of a socket, for the failed-attempt delay and logs. */
export const socketIp = (socket: Socket): string => socket.handshake.address;

type Listener = (...args: never[]) => void;

/** What the acknowledgement of an event carries; `never` for events without one (`/alarm` `ack`). */
export type AckResponse<L> = L extends (payload: never, ack?: (response: infer R) => void) => void ? R : never;

/**
 * Registers the handler of an inbound event. The handler does its work whether or not the client
 * passed an acknowledgement callback (the legacy web UI emits `loadRetro` and `dbUpdateUnset`
 * without one); the callback, when present, gets the handler's result (none when it resolves to
 * nothing). A trailing function argument is the callback, so a client that emits only a callback
 * has no payload. The handler sees the other arguments as sent: anything, to be validated. Errors
 * are logged once with the client's address and never reach the client as a stack trace.
 */
export function onInbound<Events extends { [K in keyof Events]: Listener }, E extends keyof Events & string>(
  socket: Socket<Events, never, never, unknown>,
  event: E,
  handler: (...args: unknown[]) => Promise<AckResponse<Events[E]> | void>,
): void {
  const plain = socket as unknown as Socket;
  const name: string = event;
  plain.on(name, (...args: unknown[]) => {
    const ack = typeof args.at(-1) === 'function' ? (args.pop() as (response: unknown) => void) : undefined;
    void (async () => {
      try {
        const response = await handler(...args);
        const refused = refusal(response);
        if (refused) socketMetrics(plain)?.socketRejections.inc({ namespace: plain.nsp.name, event: name, result: refused });
        if (ack && response !== undefined) ack(response);
      } catch (error) {
        countDatabaseError(plain, error);
        logger.error(`${plain.nsp.name} ${name} from ${socketIp(plain)}: ${(error as Error)?.stack ?? String(error)}`);
      }
    })();
  });
}

/** The result of an acknowledgement that refuses the event (`Rate limited`, `Not permitted`, `success: false`...), else undefined. */
function refusal(response: unknown): string | undefined {
  if (typeof response !== 'object' || response === null || Array.isArray(response)) return undefined;
  const { result, success, message } = response as { result?: unknown; success?: unknown; message?: unknown };
  if (typeof result === 'string' && result !== 'success') return result;
  if (success === false) return typeof message === 'string' ? message : 'refused';
  return undefined;
}

/** Counts `error` in `nightscout_database_errors_total` when it came from the database. */
export function countDatabaseError(socket: Socket, error: unknown): void {
  const kind = databaseErrorKind(error);
  if (kind) socketMetrics(socket)?.databaseErrors.inc({ kind });
}

/** A JSON-safe copy: ObjectIds become hex strings, Dates ISO strings (socket.io would send ObjectIds as binary). */
export const toWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

/**
 * An event encoded once for any number of sockets, as socket.io encodes a broadcast: the packet
 * (for the outgoing listeners), its Engine.IO packets, and with them the WebSocket frame.
 */
export interface PreEncodedEvent {
  readonly packet: { type: number; nsp: string; data: unknown[] };
  readonly encoded: unknown[];
  readonly options: Record<string, unknown>;
}

/** socket.io's EVENT packet type (socket.io-parser's `PacketType.EVENT`). */
const EVENT_PACKET = 2;

/**
 * Encodes `event` for sockets of `nsp` with the adapter's own encoder: the one its broadcasts use,
 * which also frames the message for WebSocket transports (socket.io-adapter's `_encode`).
 */
export function preEncode(nsp: Namespace, event: string, payload: unknown): PreEncodedEvent {
  const packet = { type: EVENT_PACKET, nsp: nsp.name, data: [event, payload] };
  const options: Record<string, unknown> = { preEncoded: true };
  const adapter = nsp.adapter as unknown as { _encode(packet: unknown, options: Record<string, unknown>): unknown[] };
  return { packet, encoded: adapter._encode(packet, options), options };
}

/** Sends a pre-encoded event to one socket as `socket.emit` would, without encoding it again. */
export function sendPreEncoded(socket: Socket, message: PreEncodedEvent): void {
  const internals = socket as unknown as { notifyOutgoingListeners(packet: unknown): void; client: { _packet(encoded: unknown, options: object): void } };
  internals.notifyOutgoingListeners(message.packet);
  internals.client._packet(message.encoded, message.options);
}
