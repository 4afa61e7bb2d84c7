import { createAdapter } from '@socket.io/redis-streams-adapter';
import type { Redis } from 'ioredis';
import type { Namespace } from 'socket.io';

/**
 * The connection of socket.io's Redis streams adapter (docs/scale-out.md: why that adapter), so
 * that room broadcasts reach the sockets of every instance; none without `REDIS_URL`.
 */
export class SocketRedis {
  /** The connections the adapter opens for itself (its readers end only after a blocking read). */
  private readonly duplicates: Redis[] = [];

  constructor(
    private readonly client?: Redis,
    private readonly prefix = 'nightscout:',
  ) {
    if (!client) return;
    const duplicate = client.duplicate.bind(client);
    client.duplicate = (...args) => {
      const connection = duplicate(...args);
      this.duplicates.push(connection);
      return connection;
    };
  }

  /** The adapter factory for the socket.io server, or undefined for socket.io's in-memory one. */
  adapter(): ((nsp: Namespace) => unknown) | undefined {
    if (!this.client) return undefined;
    return createAdapter(this.client, {
      streamName: `${this.prefix}socket.io`,
      channelPrefix: `${this.prefix}socket.io`,
      sessionKeyPrefix: `${this.prefix}sio:session:`,
      // Its reader stops only between two reads: 1 s instead of 5 s lets a stopping process exit sooner.
      blockTimeInMs: 1_000,
    });
  }

  /**
   * Whether a broadcast can reach other instances now. While Redis is lost a broadcast goes to this
   * instance's sockets only: the adapter would first wait for Redis to publish it.
   */
  get crossInstance(): boolean {
    return this.client?.status === 'ready';
  }

  /** After the socket.io server has closed (and the adapter stopped reading). */
  async close(): Promise<void> {
    for (const connection of this.duplicates) connection.disconnect();
    await this.client?.quit().catch(() => undefined);
  }
}
