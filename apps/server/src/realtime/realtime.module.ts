import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { DerivedDataService } from '../derived/derived-data.service';
import { AlarmEngine } from './alarm/alarm-engine';
import { AlarmGateway } from './alarm/alarm.gateway';
import { NotificationsAckController } from './alarm/notifications-ack.controller';
import { SilenceStore } from './alarm/silence-store';
import { DataWindowListener } from './legacy/data-window.listener';
import { DataWindowService } from './legacy/data-window.service';
import { LegacyGateway } from './legacy/legacy.gateway';
import { LegacyWritesService } from './legacy/legacy-writes.service';
import { SocketThrottle } from './socket-throttle';
import { StorageBroadcasterListener } from './storage/storage-broadcaster.listener';
import { StorageGateway } from './storage/storage.gateway';

/** The three socket.io channels as projections of the domain events, and the alarm engine. */
@Module({
  imports: [CqrsModule],
  controllers: [NotificationsAckController],
  providers: [
    DataWindowService,
    DataWindowListener,
    LegacyWritesService,
    LegacyGateway,
    StorageGateway,
    StorageBroadcasterListener,
    SilenceStore,
    DerivedDataService,
    AlarmEngine,
    AlarmGateway,
    SocketThrottle,
  ],
  exports: [AlarmEngine, DataWindowService, DerivedDataService],
})
export class RealtimeModule {}
