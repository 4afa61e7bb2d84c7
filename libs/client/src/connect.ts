import { Manager, type ManagerOptions } from 'socket.io-client';
import { AlarmChannel } from './alarm-channel';
import { Authenticator } from './authenticator';
import type { ChannelOptions } from './channel';
import { resolveCredentials, type Credentials } from './credentials';
import { LegacyChannel } from './legacy-channel';
import { RestClient } from './rest';
import { StorageChannel } from './storage-channel';

export interface ConnectOptions extends Credentials {
  /** The site, e.g. `http://127.0.0.1:1337` (in a browser: `location.origin`). */
  baseUrl: string;
  /** Sent as `client` with the legacy `authorize`. */
  client?: string;
  /** Ask for the `status` object with the legacy full snapshot. */
  withStatus?: boolean;
  /** socket.io Manager options (`reconnection: false` in tests, `transports`, ...). */
  socket?: Partial<ManagerOptions>;
  ackTimeoutMs?: number;
  /** Wait before a handshake is retried after a failure that was not a refusal. */
  retryDelayMs?: number;
  fetch?: typeof fetch;
  now?: () => number;
}

export interface NightscoutClient {
  readonly baseUrl: string;
  readonly auth: Authenticator;
  readonly rest: RestClient;
  /** The legacy `/` channel with its data model (created and connected on first use). */
  legacy(): LegacyChannel;
  /** The `/alarm` channel (created and connected on first use). */
  alarm(): AlarmChannel;
  /** A `/storage` subscription to these collections (all when omitted); each call opens one. */
  storage(collections?: readonly string[]): StorageChannel;
  /** Closes every channel. */
  close(): void;
}

/**
 * A client for one site and one set of credentials. The three channels share one connection
 * (socket.io multiplexing) and each re-authorizes after every reconnection.
 */
export function connect(options: ConnectOptions): NightscoutClient {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const fetchImpl = options.fetch ?? ((input, init) => fetch(input, init));
  const now = options.now ?? Date.now;
  const auth = new Authenticator(resolveCredentials(options), baseUrl, fetchImpl, now);
  const channelOptions: ChannelOptions = { ackTimeoutMs: options.ackTimeoutMs ?? 10_000, retryDelayMs: options.retryDelayMs ?? 3_000 };
  let manager: Manager | undefined;
  // Websocket first saves the polling round trips on every open; polling stays the fallback.
  const io = () => (manager ??= new Manager(baseUrl, { transports: ['websocket', 'polling'], tryAllTransports: true, reconnectionDelayMax: 3_000, ...options.socket }));
  let legacy: LegacyChannel | undefined;
  let alarm: AlarmChannel | undefined;
  const storages: StorageChannel[] = [];
  return {
    baseUrl,
    auth,
    rest: new RestClient(baseUrl, auth, fetchImpl),
    legacy: () => (legacy ??= new LegacyChannel(io(), auth, { ...channelOptions, client: options.client, withStatus: options.withStatus, now })),
    alarm: () => (alarm ??= new AlarmChannel(io(), auth, channelOptions)),
    storage: (collections) => {
      const channel = new StorageChannel(io(), auth, collections, channelOptions);
      storages.push(channel);
      return channel;
    },
    close: () => {
      legacy?.close();
      alarm?.close();
      storages.splice(0).forEach((s) => s.close());
      manager?.engine?.close();
    },
  };
}
