import type { AlarmClientToServerEvents, AlarmServerToClientEvents } from '@nightscout/protocol';
import type { Manager } from 'socket.io-client';
import type { Authenticator } from './authenticator';
import { Channel, type ChannelOptions, type HandshakeResult } from './channel';
import { NotConnectedError } from './errors';
import { Signal } from './signal';

/**
 * `/alarm` (docs/protocol/storage-and-alarm-sockets.md §3): subscribes after every connection with the
 * web style (API secret hash or JWT), passes on the notifications, and sends `ack` to silence one.
 */
export class AlarmChannel extends Channel<AlarmServerToClientEvents, AlarmClientToServerEvents> {
  /** Whether the subscription may silence alarms (`notifications:*:ack`). */
  readonly canAck = new Signal(false);

  constructor(
    manager: Manager,
    private readonly auth: Authenticator,
    options: ChannelOptions,
  ) {
    super(manager, '/alarm', options);
  }

  protected async handshake(): Promise<HandshakeResult> {
    const jwt = await this.auth.jwt();
    const ack = await this.request('subscribe', { secret: this.auth.secretHash, jwtToken: jwt?.token }, true);
    if ('result' in ack) return ack.result === 'Rate limited' ? { ok: false, retryAfterMs: ack.retryAfterMs } : { ok: false, refused: true };
    if (!ack.success) return { ok: false, refused: true };
    this.canAck.set(ack.ack === true);
    return { ok: true };
  }

  /** Silences the alarm of `level` and `group` for `silenceMs` for everyone (the server sends `clear_alarm`). */
  ack(level: number, group: string, silenceMs: number): void {
    if (!this.ready) throw new NotConnectedError(this.namespace);
    this.socket.emit('ack', level, group, silenceMs);
  }
}
