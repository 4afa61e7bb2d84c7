import {
  MIN_API_SECRET_LENGTH,
  RestError,
  Signal,
  connect,
  hashSecret,
  type AlarmChannel,
  type DisplaySettings,
  type LegacyChannel,
  type NightscoutClient,
} from '@nightscout/client';
import { asClientCredentials, loadCredentials, saveCredentials, tokenFromAddress, type StoredCredentials } from './credentials';

/** Nightscout's defaults, used until the server's settings arrive (or when they cannot be read). */
export const DEFAULT_SETTINGS: DisplaySettings = {
  units: 'mg/dl',
  timeFormat: 12,
  customTitle: 'Nightscout',
  alarmTimeagoWarnMins: 15,
  alarmTimeagoUrgentMins: 30,
  thresholds: { bgHigh: 260, bgTargetTop: 180, bgTargetBottom: 80, bgLow: 55 },
};

/**
 * The site: the origin the app is served from, or for `next dev` the server named by
 * NEXT_PUBLIC_NIGHTSCOUT_URL (that server needs `ENABLE=cors`).
 */
const siteUrl = (): string => process.env.NEXT_PUBLIC_NIGHTSCOUT_URL || location.origin;

/** Who the credentials name, for the page to say. */
export type Identity = { kind: 'none' } | { kind: 'secret' } | { kind: 'token'; name?: string };

/**
 * One site connection for the credentials the device holds: the client, its legacy and alarm
 * channels, the site's display settings and whether the credentials may administer. Replaced
 * whole when the person signs in or out.
 */
export class Session {
  readonly client: NightscoutClient;
  readonly legacy: LegacyChannel;
  readonly alarm: AlarmChannel;
  readonly settings = new Signal<DisplaySettings>(DEFAULT_SETTINGS);
  readonly admin = new Signal(false);
  readonly identity = new Signal<Identity>({ kind: 'none' });

  constructor(
    readonly credentials: StoredCredentials,
    baseUrl: string,
  ) {
    // The settings come with the first snapshot (`withStatus`), so opening the page costs no extra request.
    this.client = connect({ baseUrl, ...asClientCredentials(credentials), client: 'web', withStatus: true });
    this.legacy = this.client.legacy();
    this.alarm = this.client.alarm();
    this.identity.set('secretHash' in credentials ? { kind: 'secret' } : 'token' in credentials ? { kind: 'token' } : { kind: 'none' });
    const stopSettings = this.legacy.data.snapshot.subscribe((data) => {
      if (!data.status) return;
      stopSettings();
      this.useSettings(data.status.settings as Partial<DisplaySettings>);
    });
    // Who may administer matters for the menu only: asked once the data flows.
    const stopAccess = this.legacy.status.subscribe((status) => {
      if (status !== 'connected' && status !== 'refused') return;
      stopAccess();
      void this.loadAccess();
      // Credentials that may not read get no snapshot, and so no settings from it.
      if (!this.legacy.data.current.status) void this.loadSettings();
    });
  }

  private useSettings(settings: Partial<DisplaySettings>): void {
    this.settings.set({ ...DEFAULT_SETTINGS, ...settings, thresholds: { ...DEFAULT_SETTINGS.thresholds, ...settings.thresholds } });
  }

  close(): void {
    this.client.close();
  }

  private async loadSettings(): Promise<void> {
    try {
      this.useSettings((await this.client.rest.v1.status()).settings);
    } catch {
      // Without status permission the defaults stay; the live view still works from the socket.
    }
  }

  private async loadAccess(): Promise<void> {
    try {
      const grant = await this.client.auth.jwt();
      if (grant) this.identity.set({ kind: 'token', name: grant.sub });
      this.admin.set((await this.client.rest.v1.verifyauth()).isAdmin);
    } catch {
      this.admin.set(false);
    }
  }
}

/** The current session; undefined until the browser starts one (never during the static render). */
export const session = new Signal<Session | undefined>(undefined);

/** Starts the session from `?token=` or the remembered credentials (once per page load). */
export function startSession(): Session {
  if (session.value) return session.value;
  const token = tokenFromAddress(location.search);
  if (token) saveCredentials({ token });
  const started = new Session(token ? { token } : loadCredentials(), siteUrl());
  session.set(started);
  return started;
}

function replaceSession(credentials: StoredCredentials): void {
  saveCredentials(credentials);
  session.value?.close();
  session.set(new Session(credentials, siteUrl()));
}

/**
 * Checks credentials with the server before remembering them; resolves with the problem to show,
 * or undefined when they were accepted and the session now uses them.
 */
export async function signIn(input: { secret: string } | { token: string }): Promise<string | undefined> {
  if ('secret' in input) {
    if (input.secret.length < MIN_API_SECRET_LENGTH) return `Too short API secret: it has at least ${MIN_API_SECRET_LENGTH} characters`;
    const secretHash = hashSecret(input.secret);
    const probe = connect({ baseUrl: siteUrl(), secretHash });
    const verdict = await probe.rest.v1.verifyauth().catch(() => undefined);
    if (!verdict) return 'The server could not be reached';
    if (verdict.message !== 'OK') return 'Wrong API secret';
    replaceSession({ secretHash });
    return undefined;
  }
  const token = input.token.trim();
  if (!token) return 'Enter an access token';
  try {
    await connect({ baseUrl: siteUrl(), token }).auth.jwt();
  } catch (error) {
    return error instanceof RestError && error.status === 401 ? 'Unknown access token' : 'The server could not be reached';
  }
  replaceSession({ token });
  return undefined;
}

export function signOut(): void {
  replaceSession({});
}
