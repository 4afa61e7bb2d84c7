import { IoAdapter } from '@nestjs/platform-socket.io';
import type { Server, ServerOptions } from 'socket.io';
import { securityHeaders } from '../http/security-headers.middleware';

/** Largest message a client may send; the reference accepted 1 MB. */
export const MAX_SOCKET_MESSAGE_BYTES = 512 * 1024;

/**
 * One socket.io server on the HTTP port for all three namespaces, configured like the reference:
 * Engine.IO 3 clients accepted (AndroidAPS before 3.2, socket.io v2), polling and websocket,
 * compression from 512 bytes.
 */
export class NightscoutIoAdapter extends IoAdapter {
  override createIOServer(port: number, options?: ServerOptions) {
    const server: Server = super.createIOServer(port, {
      ...options,
      allowEIO3: true,
      transports: ['polling', 'websocket'],
      perMessageDeflate: { threshold: 512 },
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
