import type { JwtGrant, ResolvedCredentials } from './credentials';
import { RestError, readBody } from './rest-error';

/** Renew a JWT this long before it expires, as the legacy web UI does. */
const RENEW_BEFORE_MS = 15 * 60_000;

/**
 * Holds the credentials and, for an access token, the JWT it is exchanged for: every REST call
 * and every channel (re)authorization asks here, so an expired JWT is renewed in one place.
 */
export class Authenticator {
  private grant?: { value: JwtGrant; receivedAt: number };
  private pending?: Promise<JwtGrant>;

  constructor(
    readonly credentials: ResolvedCredentials,
    private readonly baseUrl: string,
    private readonly fetchImpl: typeof fetch,
    private readonly now: () => number,
  ) {}

  get secretHash(): string | undefined {
    return this.credentials.secretHash;
  }

  get accessToken(): string | undefined {
    return this.credentials.accessToken;
  }

  /** The JWT for the access token (fetched or renewed when needed), or undefined without a token. */
  async jwt(): Promise<JwtGrant | undefined> {
    if (!this.accessToken) return undefined;
    if (this.grant && !this.expiresSoon(this.grant)) return this.grant.value;
    this.pending ??= this.requestJwt(this.accessToken).finally(() => (this.pending = undefined));
    return this.pending;
  }

  /** Forget the JWT so the next call asks for a new one (after the server refused it). */
  invalidate(): void {
    this.grant = undefined;
  }

  /** Headers that authenticate a REST request: `api-secret` for the secret, a Bearer JWT for a token. */
  async headers(): Promise<Record<string, string>> {
    if (this.secretHash) return { 'api-secret': this.secretHash };
    const grant = await this.jwt();
    return grant ? { authorization: `Bearer ${grant.token}` } : {};
  }

  private expiresSoon({ value, receivedAt }: { value: JwtGrant; receivedAt: number }): boolean {
    // The server's clock may differ from ours: measure the lifetime from when we received it.
    const lifetimeMs = (value.exp - value.iat) * 1000;
    return this.now() > receivedAt + lifetimeMs - RENEW_BEFORE_MS;
  }

  private async requestJwt(accessToken: string): Promise<JwtGrant> {
    const res = await this.fetchImpl(`${this.baseUrl}/api/v2/authorization/request/${encodeURIComponent(accessToken)}`, { headers: { accept: 'application/json' } });
    const body = await readBody(res);
    if (!res.ok) throw new RestError(res.status, 'The access token was refused', body);
    const value = body as JwtGrant;
    this.grant = { value, receivedAt: this.now() };
    return value;
  }
}
