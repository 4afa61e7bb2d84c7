import type { StorageClientToServerEvents, StorageServerToClientEvents, V3CollectionName } from '@nightscout/protocol';
import type { Manager } from 'socket.io-client';
import type { Authenticator } from './authenticator';
import { Channel, type ChannelOptions, type HandshakeResult } from './channel';
import { Signal } from './signal';

/**
 * `/storage` (docs/protocol/storage-and-alarm-sockets.md §2): the v3 change feed. It needs an access
 * token; the subscription is renewed after every connection.
 */
export class StorageChannel extends Channel<StorageServerToClientEvents, StorageClientToServerEvents> {
  /** The collections the server granted. */
  readonly collections = new Signal<readonly V3CollectionName[]>([]);

  constructor(
    manager: Manager,
    private readonly auth: Authenticator,
    private readonly wanted: readonly string[] | undefined,
    options: ChannelOptions,
  ) {
    super(manager, '/storage', options);
  }

  protected async handshake(): Promise<HandshakeResult> {
    if (!this.auth.accessToken) return { ok: false, refused: true };
    const ack = await this.request('subscribe', { accessToken: this.auth.accessToken, collections: this.wanted ? [...this.wanted] : undefined }, true);
    if ('result' in ack) return ack.result === 'Rate limited' ? { ok: false, retryAfterMs: ack.retryAfterMs } : { ok: false, refused: true };
    if (!ack.success) return { ok: false, refused: true };
    this.collections.set(ack.collections);
    return { ok: true };
  }
}
