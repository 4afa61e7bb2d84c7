import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { securityHeaders } from '../http/security-headers.middleware';

/** Largest message a client may send; the reference accepted 1 MB. */
export const MAX_SOCKET_MESSAGE_BYTES = 512 * 1024;

/**
 * One socket.io server on the HTTP port for all three namespaces, configured like the reference:
 * Engine.IO 3 clients accepted (AndroidAPS before 3.2, socket.io v2), polling and websocket.
 * Polling responses are compressed from 512 bytes; websocket messages are not (the reference
 * compressed them): permessage-deflate keeps a zlib context per connection and compresses every
 * broadcast once per socket, which took 2,000 followers' server to 641 MiB and 250 ms per
 * authorize (docs/performance.md).
 */
export class NightscoutIoAdapter extends IoAdapter {
  override createIOServer(port: number, options?: ServerOptions) {
    const server: Server = super.createIOServer(port, {
      ...options,
      allowEIO3: true,
      transports: ['polling', 'websocket'],
      perMessageDeflate: false,
      httpCompression: { threshold: 512 },
      maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
      // Followers on other sites connect too; credentials travel in payloads, never in cookies.
      cors: { origin: true },
    } as ServerOptions);
    // Engine.IO answers /socket.io/ before Express sees the request: its responses (errors too) get the headers here.
    server.engine.use(securityHeaders);
    return server;
  }
}
