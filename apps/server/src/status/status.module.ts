import { Global, Module } from '@nestjs/common';
import { AdminNotifies } from './admin-notifies';
import { StartupNotices } from './startup-notices';
import { StatusController } from './status.controller';
import { VersionController } from './version.controller';

/** Status, version and the admin notices (global: authentication records failed logins there). */
@Global()
@Module({ controllers: [StatusController, VersionController], providers: [AdminNotifies, StartupNotices], exports: [AdminNotifies] })
export class StatusModule {}
