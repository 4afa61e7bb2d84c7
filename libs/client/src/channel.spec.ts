import type { LegacyClientToServerEvents, LegacyServerToClientEvents, StorageChange, StorageClientToServerEvents, StorageServerToClientEvents } from '@nightscout/protocol';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Server, type Socket } from 'socket.io';
import { connect, type NightscoutClient } from './connect';
import { ConnectionLostError } from './errors';

const change = (notes: string): StorageChange => ({ colName: 'treatments', doc: { identifier: notes, srvModified: 1, notes } });

/** A real socket.io server whose `/storage` accepts the token `good-…` and refuses any other. */
describe('Channel: awaiting the connection and the next events', () => {
  let io: Server<StorageClientToServerEvents, StorageServerToClientEvents>;
  let baseUrl: string;
  const subscribed: Socket<StorageClientToServerEvents, StorageServerToClientEvents>[] = [];
  const clients: NightscoutClient[] = [];
  const open = (token: string) => {
    const client = connect({ baseUrl, token, ackTimeoutMs: 500, socket: { reconnection: false, transports: ['websocket'] } });
    clients.push(client);
    return client.storage(['treatments']);
  };

  beforeAll(async () => {
    const http = createServer();
    io = new Server(http);
    io.of('/storage').on('connection', (socket) =>
      socket.on('subscribe', (message, ack) => {
        if (!message.accessToken?.startsWith('good-')) return ack?.({ success: false, message: 'Missing or bad accessToken' });
        subscribed.push(socket);
        ack?.({ success: true, collections: ['treatments'] });
      }),
    );
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterEach(() => {
    clients.splice(0).forEach((c) => c.close());
    subscribed.length = 0;
  });
  afterAll(() => new Promise((resolve) => io.close(resolve)));

  it('whenConnected resolves after the handshake; next and record see the events that follow', async () => {
    const storage = open('good-0123456789abcdef');
    await storage.whenConnected();
    expect(storage.ready).toBe(true);
    expect(storage.collections.value).toEqual(['treatments']);
    await storage.whenConnected(); // already connected: at once

    const log = storage.record('create');
    const second = storage.next('create', (c) => c.doc.notes === 'second');
    const deleted = storage.next('delete');
    subscribed[0].emit('create', change('first'));
    subscribed[0].emit('create', change('second'));
    subscribed[0].emit('delete', { colName: 'treatments', identifier: 'first' });
    expect((await second).doc.notes).toBe('second');
    expect(await deleted).toEqual({ colName: 'treatments', identifier: 'first' });
    expect(log.map((c) => c.doc.notes)).toEqual(['first', 'second']);
  });

  it('next rejects when no matching event comes in time, and stops listening', async () => {
    const storage = open('good-0123456789abcdef');
    await storage.whenConnected();
    const never = storage.next('update', (c) => c.doc.notes === 'never', 100);
    subscribed[0].emit('update', change('other'));
    await expect(never).rejects.toThrow('no update on /storage within 100 ms');
    expect(storage.socket.listeners('update')).toHaveLength(0);
  });

  it('whenConnected rejects when the server refuses the credentials', async () => {
    const storage = open('bad-0123456789abcdef');
    await expect(storage.whenConnected()).rejects.toThrow('/storage refused the credentials');
    expect(storage.status.value).toBe('refused');
  });

  it('whenConnected rejects after its timeout when no server answers', async () => {
    const client = connect({ baseUrl: 'http://127.0.0.1:9', token: 'good-0123456789abcdef', socket: { reconnection: false, transports: ['websocket'] } });
    clients.push(client);
    await expect(client.storage().whenConnected(200)).rejects.toThrow('/storage not connected within 200 ms');
  });
});

/** A real socket.io server whose `/` authorizes anyone and records what each connection sent, in order. */
describe('Channel after a connection that died unnoticed (a device that slept)', () => {
  let io: Server<LegacyClientToServerEvents, LegacyServerToClientEvents>;
  let baseUrl: string;
  const received: string[][] = [];
  let client: NightscoutClient | undefined;

  beforeAll(async () => {
    const http = createServer();
    io = new Server(http);
    io.of('/').on('connection', (socket) => {
      const log: string[] = [];
      received.push(log);
      socket.onAny((event: string) => log.push(event));
      socket.on('authorize', (_message, ack) => ack?.({ read: true, write: true, write_treatment: true }));
      socket.on('dbAdd', (_message, ack) => ack?.([]));
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    baseUrl = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => io.close(resolve)));
  afterEach(() => {
    client?.close();
    jest.restoreAllMocks();
  });

  it('fails the write it could not send and never sends it before the next authorization', async () => {
    client = connect({ baseUrl, secretHash: 'a'.repeat(40), ackTimeoutMs: 1000, retryDelayMs: 50, socket: { transports: ['websocket'], reconnectionDelay: 50, reconnectionDelayMax: 50 } });
    const legacy = client.legacy();
    await legacy.whenConnected();
    // The heartbeat is overdue when the write goes out: socket.io buffers it and closes the connection.
    const realNow = Date.now.bind(Date);
    const spy = jest.spyOn(Date, 'now').mockImplementation(() => realNow() + 3_600_000);
    const write = legacy.dbAdd('treatments', { eventType: 'Note' });
    spy.mockRestore();
    await expect(write).rejects.toBeInstanceOf(ConnectionLostError);
    await new Promise((r) => setTimeout(r, 20));
    await legacy.whenConnected();
    await new Promise((r) => setTimeout(r, 100));
    expect(received).toEqual([['authorize'], ['authorize']]);
  });
});
