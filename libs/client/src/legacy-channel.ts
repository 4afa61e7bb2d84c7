import type {
  AuthorizeAck,
  DataUpdatePayload,
  LegacyClientToServerEvents,
  LegacyDocument,
  LegacyServerToClientEvents,
  V1CollectionName,
} from '@nightscout/protocol';
import type { Manager } from 'socket.io-client';
import type { Authenticator } from './authenticator';
import { Channel, type ChannelOptions, type HandshakeResult } from './channel';
import { RefusedError } from './errors';
import { LegacyData, type LegacyDataOptions } from './legacy-data';
import { RestError } from './rest-error';
import { Signal } from './signal';

export interface LegacyChannelOptions extends ChannelOptions, LegacyDataOptions {
  /** Sent as `client` with `authorize` (the web UI sends `web`). */
  client?: string;
  /** Ask for the `status` object with the full snapshot. */
  withStatus?: boolean;
}

type StoredDocument = LegacyDocument & { _id: string };

/**
 * The legacy root namespace `/` (docs/protocol/legacy-socket.md): `authorize` after every
 * connection (the full snapshot that follows resynchronises the data model), the delta stream,
 * and the four write events with their refusals as RefusedError.
 */
export class LegacyChannel extends Channel<LegacyServerToClientEvents, LegacyClientToServerEvents> {
  readonly data: LegacyData;
  /** What the current credentials may do on this channel; undefined until authorized. */
  readonly flags = new Signal<AuthorizeAck | undefined>(undefined);

  constructor(
    manager: Manager,
    private readonly auth: Authenticator,
    private readonly legacyOptions: LegacyChannelOptions,
  ) {
    super(manager, '/', legacyOptions);
    this.data = new LegacyData(legacyOptions);
    this.socket.on('dataUpdate', (payload: DataUpdatePayload) => this.data.receive(payload));
  }

  protected async handshake(): Promise<HandshakeResult> {
    let jwt;
    try {
      jwt = await this.auth.jwt();
    } catch (error) {
      if (error instanceof RestError && error.status === 401) return { ok: false, refused: true };
      throw error;
    }
    const ack = await this.request(
      'authorize',
      { client: this.legacyOptions.client ?? 'nightscout-client', secret: this.auth.secretHash ?? null, token: jwt?.token ?? null, status: this.legacyOptions.withStatus },
      true,
    );
    if ('result' in ack) return ack.result === 'Rate limited' ? { ok: false, retryAfterMs: ack.retryAfterMs } : { ok: false, refused: true };
    this.flags.set(ack);
    return { ok: true };
  }

  /** Stores one document or several; resolves with the stored (or matched) documents. */
  async dbAdd(collection: V1CollectionName, data: LegacyDocument | LegacyDocument[]): Promise<StoredDocument[]> {
    const ack = await this.request('dbAdd', { collection, data });
    if (!Array.isArray(ack)) throw RefusedError.from(ack);
    const stored = ack as StoredDocument[];
    if (collection === 'treatments' || collection === 'food') this.data.addStored(collection, stored);
    return stored;
  }

  /** Sets fields of one document. */
  async dbUpdate(collection: V1CollectionName, _id: string, data: LegacyDocument): Promise<void> {
    await this.byId('dbUpdate', collection, _id, data);
    if (collection === 'food') this.data.changeFood(_id, { set: data });
  }

  /** Removes fields of one document. */
  async dbUpdateUnset(collection: V1CollectionName, _id: string, fields: readonly string[]): Promise<void> {
    await this.byId('dbUpdateUnset', collection, _id, Object.fromEntries(fields.map((f) => [f, 1])));
    if (collection === 'food') this.data.changeFood(_id, { unset: fields });
  }

  /** Deletes one document. */
  async dbRemove(collection: V1CollectionName, _id: string): Promise<void> {
    await this.byId('dbRemove', collection, _id);
    if (collection === 'food') this.data.changeFood(_id, { remove: true });
  }

  /** Asks for every held device status (`retroUpdate`); resolves with it. */
  async loadRetro(): Promise<LegacyServerToClientEvents['retroUpdate'] extends (p: infer P) => void ? P : never> {
    const retro = new Promise<Parameters<LegacyServerToClientEvents['retroUpdate']>[0]>((resolve) => this.socket.once('retroUpdate', resolve));
    const ack = await this.request('loadRetro', { loadedMills: 0 });
    if (ack.result !== 'success') throw RefusedError.from(ack);
    return retro;
  }

  private async byId(event: 'dbUpdate' | 'dbUpdateUnset' | 'dbRemove', collection: V1CollectionName, _id: string, data?: LegacyDocument): Promise<void> {
    const ack = event === 'dbRemove' ? await this.request(event, { collection, _id }) : await this.request(event, { collection, _id, data: data ?? {} });
    if (ack.result !== 'success') throw RefusedError.from(ack);
  }
}
