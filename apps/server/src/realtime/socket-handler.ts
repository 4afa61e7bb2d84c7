import { Logger } from '@nestjs/common';
import type { Socket } from 'socket.io';

const logger = new Logger('Socket');

/** The client address of a socket, for the failed-attempt delay and logs. */
export const socketIp = (socket: Socket): string => socket.handshake.address;

/** An acknowledgement callback when the client passed one (a client may pass anything). */
export const ackOf = <F extends (response: never) => void>(candidate: F | undefined): F | undefined =>
  typeof candidate === 'function' ? candidate : undefined;

/**
 * A client that emits an event with only a callback passes the callback as the payload: the
 * payload is then missing and the callback is the acknowledgement.
 */
export function inbound<P, F extends (response: never) => void>(payload: P, ack: F | undefined): [P | undefined, F | undefined] {
  return typeof payload === 'function' && ack === undefined ? [undefined, payload as unknown as F] : [payload, ackOf(ack)];
}

/**
 * Runs an inbound event handler so that nothing a client sends can crash the process: errors are
 * logged once with the client's address and never reach the client as a stack trace.
 */
export function guarded(socket: Socket, event: string, handler: () => Promise<unknown>): void {
  handler().catch((error: unknown) => {
    logger.error(`${socket.nsp.name} ${event} from ${socketIp(socket)}: ${(error as Error)?.stack ?? String(error)}`);
  });
}

/** A JSON-safe copy: ObjectIds become hex strings, Dates ISO strings (socket.io would send ObjectIds as binary). */
export const toWire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;
