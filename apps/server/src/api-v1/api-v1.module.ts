import { Module } from '@nestjs/common';
import { ActivityController } from './controllers/activity.controller';
import { AdminNotifiesController } from './controllers/adminnotifies.controller';
import { DeviceStatusController } from './controllers/devicestatus.controller';
import { EntriesSearchController } from './controllers/entries-search.controller';
import { EntriesController } from './controllers/entries.controller';
import { FoodController } from './controllers/food.controller';
import { ProfileController } from './controllers/profile.controller';
import { TreatmentsController } from './controllers/treatments.controller';
import { VerifyAuthController } from './controllers/verifyauth.controller';
import { V1Documents } from './common/v1-documents.service';

/** REST API v1 with Nightscout 15.0.7's semantics, under `/api/v1` and `/api/v2`; every write goes through the commands. */
@Module({
  controllers: [
    EntriesSearchController,
    EntriesController,
    TreatmentsController,
    DeviceStatusController,
    ProfileController,
    FoodController,
    ActivityController,
    VerifyAuthController,
    AdminNotifiesController,
  ],
  providers: [V1Documents],
})
export class ApiV1Module {}
