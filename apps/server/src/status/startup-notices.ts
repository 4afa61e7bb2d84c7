import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { apiPermission } from '@nightscout/protocol';
import { AuthService, grants } from '../auth/auth.service';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AdminNotifies, NOTICES } from './admin-notifies';

/** The reference's start-up checks, recorded as admin notices. */
@Injectable()
export class StartupNotices implements OnApplicationBootstrap {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly notifies: AdminNotifies,
  ) {}

  /** Roles are loaded by now, so "readable" also covers custom default roles that can read. */
  onApplicationBootstrap(): void {
    const secret = this.config.apiSecret;
    if (secret && secret.entropyBits < 60) this.notifies.add(NOTICES.weakSecret);
    if (secret?.isDatabasePassword) this.notifies.add(NOTICES.secretIsDatabasePassword);
    if (grants(this.auth.defaultAuthorization(), apiPermission('entries', 'read'))) this.notifies.add(NOTICES.readableByWorld);
  }
}
