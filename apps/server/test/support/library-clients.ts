import { connect, type AlarmChannel, type ConnectOptions, type Credentials, type LegacyChannel, type NightscoutClient, type StorageChannel } from '@nightscout/client';
import type { V3CollectionName } from '@nightscout/protocol';
import { TEST_SECRET_SHA1 } from './test-server';
import type { V3Client } from './v3-client';

/** The API secret, as a device that remembers its hash sends it. */
export const ADMIN_CREDENTIALS: Credentials = { secretHash: TEST_SECRET_SHA1 };

const open: NightscoutClient[] = [];

/**
 * The client library (libs/client) on a test server, as the web app and uploaders use it: one
 * connection, no reconnection (a test that loses it should fail), answers within 5 s.
 */
export function clientOf(server: { url: string }, credentials: Credentials = ADMIN_CREDENTIALS, options: Partial<ConnectOptions> = {}): NightscoutClient {
  const client = connect({ baseUrl: server.url, ...credentials, ackTimeoutMs: 5_000, retryDelayMs: 200, socket: { reconnection: false, transports: ['websocket'] }, ...options });
  open.push(client);
  return client;
}

/** Closes every client opened by `clientOf`. */
export function closeLibraryClients(): void {
  for (const client of open.splice(0)) client.close();
}

/** A DataReceiver on `/`, authorized (with the API secret when no credentials are given). */
export async function legacyReceiver(server: { url: string }, credentials?: Credentials, options?: Partial<ConnectOptions>): Promise<LegacyChannel> {
  const legacy = clientOf(server, credentials, options).legacy();
  await legacy.whenConnected();
  return legacy;
}

/** A `/storage` follower subscribed with this access token. */
export async function storageFollower(server: { url: string }, token: string, collections?: readonly V3CollectionName[]): Promise<StorageChannel> {
  const storage = clientOf(server, { token }).storage(collections);
  await storage.whenConnected();
  return storage;
}

/** An `/alarm` subscriber (with the API secret when no credentials are given). */
export async function alarmFollower(server: { url: string }, credentials?: Credentials): Promise<AlarmChannel> {
  const alarm = clientOf(server, credentials).alarm();
  await alarm.whenConnected();
  return alarm;
}

/** The access token of an existing subject, read through the admin API. */
export async function accessTokenOf(server: { url: string }, name: string): Promise<string> {
  const subject = (await clientOf(server).rest.v2.subjects.list()).find((s) => s.name === name);
  if (!subject) throw new Error(`no subject ${name}`);
  return subject.accessToken;
}

/** Library clients for the three subjects `startV3` made: admin (`*`), careportal (create only on treatments), reader (default roles). */
export async function v3Clients(c: V3Client): Promise<Record<'admin' | 'careportal' | 'reader', NightscoutClient>> {
  const [admin, careportal, reader] = await Promise.all(['admin-app', 'careportal-app', 'reader'].map(async (name) => clientOf(c.server, { token: await accessTokenOf(c.server, name) })));
  return { admin, careportal, reader };
}

/**
 * For the enclosing `describe` on a `serverPerSuite` server: an uploader (the API secret) and a
 * follower without credentials (what the default roles allow), opened before its tests.
 */
export function clientsPerSuite(server: { url: string }): { uploader: () => NightscoutClient; follower: () => NightscoutClient } {
  let uploader: NightscoutClient | undefined;
  let follower: NightscoutClient | undefined;
  beforeAll(() => {
    uploader = clientOf(server);
    follower = clientOf(server, {});
  });
  afterAll(closeLibraryClients);
  return { uploader: () => uploader!, follower: () => follower! };
}

/** A body whose shape the test checks itself, typed as `Response.json()` types it. */
export type Json = Awaited<ReturnType<Response['json']>>;
