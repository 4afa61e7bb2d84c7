import { Injectable } from '@nestjs/common';
import { InjectConnection } from '@nestjs/mongoose';
import { Schema, type Connection, type Model } from 'mongoose';
import { ClusterBus } from '../../cluster/cluster-bus';
import { SCHEMA_OPTIONS } from '../../storage/collection-schemas';
import { modelOf } from '../../storage/models';

export interface Silence {
  lastAckTime: number;
  silenceTime: number;
}

export const SILENCE_COLLECTION = 'alarm_silences';

interface StoredSilence extends Silence {
  _id: string;
}

/** One silence per alarm key (`_id`). */
const silenceSchema = new Schema<StoredSilence>({ _id: String, lastAckTime: Number, silenceTime: Number }, { ...SCHEMA_OPTIONS, collection: SILENCE_COLLECTION });

/**
 * Alarm acknowledgements kept in the database, so a restart does not wake anyone an ack silenced,
 * and passed to the other instances, so an ack on one silences the alarm on all (docs/scale-out.md).
 */
@Injectable()
export class SilenceStore {
  private readonly model: Model<StoredSilence>;

  constructor(
    @InjectConnection() connection: Connection,
    private readonly cluster: ClusterBus,
  ) {
    this.model = modelOf(connection, 'AlarmSilence', silenceSchema);
  }

  /** `apply` gets each silence another instance saves; `reload` runs after missed messages. */
  follow(apply: (key: string, silence: Silence) => void, reload: () => Promise<void>): void {
    this.cluster.on('silence', (payload) => {
      const { key, lastAckTime, silenceTime } = JSON.parse(payload) as StoredSilence & { key: string };
      apply(key, { lastAckTime, silenceTime });
    });
    this.cluster.participate({ resync: reload });
  }

  async load(): Promise<Map<string, Silence>> {
    const now = Date.now();
    const stored = await this.model.find({}).lean<StoredSilence[]>();
    return new Map(stored.filter((s) => s.lastAckTime + s.silenceTime > now).map(({ _id, lastAckTime, silenceTime }) => [_id, { lastAckTime, silenceTime }]));
  }

  async save(key: string, silence: Silence): Promise<void> {
    await this.model.replaceOne({ _id: key }, { ...silence }, { upsert: true });
    await this.cluster.publish('silence', JSON.stringify({ key, ...silence }));
  }
}
