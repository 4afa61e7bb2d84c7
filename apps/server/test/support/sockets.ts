import type {
  AlarmClientToServerEvents,
  AlarmServerToClientEvents,
  LegacyClientToServerEvents,
  LegacyServerToClientEvents,
  StorageClientToServerEvents,
  StorageServerToClientEvents,
} from '@nightscout/protocol';
import { io, type Socket } from 'socket.io-client';
import type { TestServer } from './test-server';

export type LegacyClient = Socket<LegacyServerToClientEvents, LegacyClientToServerEvents>;
export type StorageClient = Socket<StorageServerToClientEvents, StorageClientToServerEvents>;
export type AlarmClient = Socket<AlarmServerToClientEvents, AlarmClientToServerEvents>;

const open: Socket[] = [];

/** A real socket.io client on a namespace of the test server, connected. */
export async function connect<S extends Socket>(server: TestServer, namespace: '/' | '/storage' | '/alarm'): Promise<S> {
  const socket = io(server.url + namespace, { transports: ['websocket'], forceNew: true, reconnection: false });
  open.push(socket);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('connect_error', reject);
  });
  return socket as S;
}

export const legacyClient = (server: TestServer) => connect<LegacyClient>(server, '/');
export const storageClient = (server: TestServer) => connect<StorageClient>(server, '/storage');
export const alarmClient = (server: TestServer) => connect<AlarmClient>(server, '/alarm');

/** Closes every client opened by `connect`. */
export function closeClients(): void {
  for (const socket of open.splice(0)) socket.close();
}

/** Emits and resolves with the acknowledgement (rejects after `ms`). */
export function request<T>(socket: Socket, event: string, ...args: unknown[]): Promise<T> {
  return socket.timeout(5000).emitWithAck(event, ...args) as Promise<T>;
}

/** Resolves with the next `event` whose payload satisfies `match`; rejects after `ms`. */
export function next<T>(socket: Socket, event: string, match: (payload: T) => boolean = () => true, ms = 5000): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      socket.off(event, handler);
      reject(new Error(`no ${event} within ${ms} ms`));
    }, ms);
    const handler = (payload: T) => {
      if (!match(payload)) return;
      clearTimeout(timer);
      socket.off(event, handler);
      resolve(payload);
    };
    socket.on(event, handler);
  });
}

/** Collects every `event` payload from now on. */
export function record<T>(socket: Socket, event: string): T[] {
  const seen: T[] = [];
  socket.on(event, (payload: T) => seen.push(payload));
  return seen;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Resolves once `condition` holds, polling; rejects after `ms`. Events on different sockets arrive in any order. */
export async function eventually(condition: () => boolean, ms = 5000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`);
    await sleep(10);
  }
}
