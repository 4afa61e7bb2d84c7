import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';

export interface AdminNotify {
  title: string;
  message: string;
  persistent?: boolean;
  count: number;
  lastRecorded: number;
}

const HOUR = 3600_000;
/** Non-persistent notices are listed for 8 h and forgotten after 12 h, as in the reference. */
const LISTED_MS = 8 * HOUR;
const KEPT_MS = 12 * HOUR;
/** Failed logins from many addresses must not grow the list without bound (the reference's did). */
const MAX_NOTIFIES = 100;

export const NOTICES = {
  readableByWorld: {
    title: 'Nightscout readable by world',
    message:
      'Your Nightscout installation is readable by anyone who knows the web page URL. Please consider closing access to the site by following the instructions in the <a href="http://nightscout.github.io/nightscout/security/#how-to-turn-off-unauthorized-access" target="_new">Nightscout documentation</a>.',
    persistent: true,
  },
  weakSecret: {
    title: 'Security issue',
    message:
      'Weak API_SECRET detected. Please use a mix of small and CAPITAL letters, numbers and non-alphanumeric characters such as !#%&/ to reduce the risk of unauthorized access. The minimum length of the API_SECRET is 12 characters.',
    persistent: true,
  },
  secretIsDatabasePassword: {
    title: 'Security issue',
    message: 'MongoDB password and API_SECRET match. This is a really bad idea. Please change both and do not reuse passwords across the system.',
    persistent: true,
  },
  failedAuthentication: (ip: string) => ({
    title: 'Failed authentication',
    message: `A device at IP address ${ip} attempted authenticating with Nightscout with wrong credentials. Check if you have an uploader setup with wrong API_SECRET or token?`,
  }),
} as const;

/** Notices for the site's administrators, listed by `GET /api/v1/adminnotifies` (docs/protocol/api-v1.md §5.9). */
@Injectable()
export class AdminNotifies {
  private notifies: AdminNotify[] = [];

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  /** Records a notice; the same message again only counts up (`count`, `lastRecorded`). */
  add(notice: { title: string; message: string; persistent?: boolean }, now = Date.now()): void {
    if (!this.config.settings.adminNotifiesEnabled) return;
    this.forgetOld(now);
    const existing = this.notifies.find((n) => n.message === notice.message);
    if (existing) {
      existing.count += 1;
      existing.lastRecorded = now;
      return;
    }
    this.notifies.push({ ...notice, count: 1, lastRecorded: now });
    const transient = this.notifies.findIndex((n) => !n.persistent);
    if (this.notifies.length > MAX_NOTIFIES && transient >= 0) this.notifies.splice(transient, 1);
  }

  /** Persistent notices and those recorded in the last 8 hours. */
  list(now = Date.now()): AdminNotify[] {
    this.forgetOld(now);
    return this.notifies.filter((n) => n.persistent || now - n.lastRecorded < LISTED_MS).map((n) => ({ ...n }));
  }

  private forgetOld(now: number): void {
    this.notifies = this.notifies.filter((n) => n.persistent || now - n.lastRecorded < KEPT_MS);
  }
}
