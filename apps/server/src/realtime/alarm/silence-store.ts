import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import type { Collection } from 'mongodb';
import type { Connection } from 'mongoose';

export interface Silence {
  lastAckTime: number;
  silenceTime: number;
}

export const SILENCE_COLLECTION = 'alarm_silences';

interface StoredSilence extends Silence {
  _id: string;
}

/** Alarm acknowledgements kept in the database, so a restart does not wake anyone an ack silenced. */
@Injectable()
export class SilenceStore {
  private readonly collection: Collection<StoredSilence>;

  constructor(@InjectConnection() connection: Connection) {
    this.collection = connection.collection<StoredSilence>(SILENCE_COLLECTION) as never;
  }

  async load(): Promise<Map<string, Silence>> {
    const now = Date.now();
    const stored = await this.collection.find({}).toArray();
    return new Map(stored.filter((s) => s.lastAckTime + s.silenceTime > now).map(({ _id, lastAckTime, silenceTime }) => [_id, { lastAckTime, silenceTime }]));
  }

  async save(key: string, silence: Silence): Promise<void> {
    await this.collection.replaceOne({ _id: key }, { ...silence }, { upsert: true });
  }
}
