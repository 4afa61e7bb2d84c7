import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import { PermissionSet, anyGrants } from '@nightscout/protocol';
import { ClusterBus } from '../cluster/cluster-bus';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { AdminNotifies, NOTICES } from '../status/admin-notifies';
import { AuthStore, type Subject } from './auth-store';
import { FailedAttempts } from './failed-attempts';
import { safeEqual } from './hashing';
import { JwtSigner, type AccessJwtPayload } from './jwt';

/** Credentials as a client presented them; transports reject non-string values before this. */
export interface Credentials {
  /** API secret hash, access token or its SHA-1 (`api-secret`, `?secret=`, socket `secret`). */
  secret?: string;
  /** JWT (`Authorization: Bearer`, socket `token`), or on REST `?token=` also an access token. */
  token?: string;
  /** Whether `token` may also be an access token (REST `?token=`), not only a JWT. */
  tokenMayBeAccessToken?: boolean;
  ip?: string;
}

export interface Authorization {
  /** One permission set per role (subject roles plus default roles), or `*` for the API secret. */
  sets: PermissionSet[];
  /** The permission strings of each set, as `/request/:token` reports them. */
  groups: string[][];
  subject?: Subject;
  /** No credential was sent: the default roles apply. */
  defaults: boolean;
  isApiSecret: boolean;
}

export type Resolution = { ok: true; auth: Authorization } | { ok: false; reason: 'bad credentials' };

/** The one authorization resolver shared by HTTP guards and socket handlers (docs/protocol/api-v1.md §3.5). */
@Injectable()
export class AuthService implements OnModuleDestroy {
  readonly failedAttempts: FailedAttempts;
  private jwtSigner?: { key: string; signer: JwtSigner };

  constructor(
    private readonly store: AuthStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly adminNotifies: AdminNotifies,
    cluster: ClusterBus,
  ) {
    // The delay counts the failures made through every instance (docs/scale-out.md).
    this.failedAttempts = new FailedAttempts(config.authFailDelayMs);
    this.failedAttempts.share = (ip, until) => cluster.publish('auth-delay', JSON.stringify([ip, until ?? null]));
    cluster.on('auth-delay', (payload) => {
      const [ip, until] = JSON.parse(payload) as [string, number | null];
      this.failedAttempts.adopt(ip, until ?? undefined);
    });
  }

  onModuleDestroy(): void {
    this.failedAttempts.close();
  }

  /** A signer for the current key (another instance may have replaced it). */
  private get jwt(): JwtSigner {
    const key = this.store.signingKey;
    if (this.jwtSigner?.key !== key) this.jwtSigner = { key, signer: new JwtSigner(key) };
    return this.jwtSigner.signer;
  }

  async resolve(credentials: Credentials): Promise<Resolution> {
    const { ip } = credentials;
    if (!ip) return { ok: true, auth: this.authorization([], false) };
    const wait = this.failedAttempts.waitMs(ip);
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));

    if (!this.present(credentials)) return { ok: true, auth: this.defaultAuthorization() };
    const who = this.identify(credentials) ?? ((await this.store.reloadForUnknown()) ? this.identify(credentials) : undefined);
    if (who) {
      this.failedAttempts.clear(ip);
      return { ok: true, auth: who.isApiSecret ? this.authorization([['*']], false, undefined, true) : this.subjectAuthorization(who.subject) };
    }
    this.failedAttempts.recordFailure(ip);
    this.adminNotifies.add(NOTICES.failedAuthentication(ip));
    return { ok: false, reason: 'bad credentials' };
  }

  /**
   * Who the credentials name — the API secret's holder or a subject — or undefined when they name
   * nobody. No delay and no failure bookkeeping: rate limiting uses it to pick a key.
   */
  identify(credentials: Credentials): { isApiSecret: true } | { isApiSecret: false; subject: Subject } | undefined {
    const { secret, token } = this.present(credentials) ?? {};
    if (secret && this.isApiSecret(secret)) return { isApiSecret: true };
    const subject = this.subjectFrom(token, credentials.tokenMayBeAccessToken) ?? (secret ? this.store.findSubjectByToken(secret) : undefined);
    return subject ? { isApiSecret: false, subject } : undefined;
  }

  /** The credentials actually sent (`"null"` counts as absent, as the web UI sends it), or undefined. */
  private present(credentials: Credentials): { secret?: string; token?: string } | undefined {
    const secret = credentials.secret && credentials.secret !== 'null' ? credentials.secret : undefined;
    const token = credentials.token && credentials.token !== 'null' ? credentials.token : undefined;
    return secret || token ? { secret, token } : undefined;
  }

  /** Permissions of `AUTH_DEFAULT_ROLES`, for requests that send no credential. */
  defaultAuthorization(): Authorization {
    return this.authorization(this.config.authDefaultRoles.map((r) => this.store.rolePermissions(r)), true);
  }

  /** A subject's roles plus the default roles. */
  subjectAuthorization(subject: Subject): Authorization {
    const roles = [...subject.roles, ...this.config.authDefaultRoles];
    return this.authorization(roles.map((r) => this.store.rolePermissions(r)), false, subject);
  }

  /** The subject of a JWT, or (where allowed) of an access token. */
  private subjectFrom(token: string | undefined, mayBeAccessToken = false): Subject | undefined {
    if (!token) return undefined;
    const payload = this.verifyJwt(token);
    if (payload) return this.store.findSubjectByToken(payload.accessToken);
    return mayBeAccessToken ? this.store.findSubjectByToken(token) : undefined;
  }

  verifyJwt(token: string): AccessJwtPayload | undefined {
    return this.jwt.verify(token);
  }

  /** Resolves an access token (or a still-valid JWT) to a subject, for `/request/:token` and `/storage`. */
  subjectForAccessTokenOrJwt(value: string): Subject | undefined {
    return this.subjectFrom(value, true);
  }

  /** Issues a JWT for a subject (`/api/v2/authorization/request/:accessToken`). */
  issueJwt(subject: Subject): { token: string; sub: string; permissionGroups: string[][]; iat: number; exp: number } {
    const { token, payload } = this.jwt.sign(subject.accessToken);
    return { token, sub: subject.name, permissionGroups: this.subjectAuthorization(subject).groups, iat: payload.iat, exp: payload.exp };
  }

  isApiSecret(value: string): boolean {
    const secret = this.config.apiSecret;
    if (!secret) return false;
    return safeEqual(value.toLowerCase(), secret.sha1) || safeEqual(value, secret.sha512);
  }

  private authorization(groups: string[][], defaults: boolean, subject?: Subject, isApiSecret = false): Authorization {
    return { sets: groups.map((g) => new PermissionSet(g)), groups, subject, defaults, isApiSecret };
  }
}

export const grants = (auth: Authorization, permission: string): boolean => anyGrants(auth.sets, permission);
