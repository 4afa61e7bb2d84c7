import { Module } from '@nestjs/common';
import { RealtimeModule } from '../realtime/realtime.module';
import { DdataController } from './ddata.controller';
import { PebbleController } from './pebble.controller';
import { PropertiesController } from './properties.controller';

/** What follower apps and watch faces poll: `/api/v2/properties`, `/pebble`, `/api/v2/ddata/at`. */
@Module({ imports: [RealtimeModule], controllers: [PropertiesController, PebbleController, DdataController] })
export class FollowersModule {}
