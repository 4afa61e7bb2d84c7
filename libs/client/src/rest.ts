import type {
  LegacyDocument,
  RoleDto,
  StorageDocument,
  SubjectDto,
  V1CollectionName,
  V3CollectionName,
  V3Created,
  V3Deduplicated,
  V3LastModified,
  V3Result,
  V3Status,
  V3Version,
} from '@nightscout/protocol';
import type { Authenticator } from './authenticator';
import type { JwtGrant } from './credentials';
import { RestError, errorMessage, readBody } from './rest-error';

export type Query = Record<string, string | number | boolean | undefined>;

export interface RequestOptions {
  query?: Query;
  body?: unknown;
  /** Send the credentials (default true). */
  authenticate?: boolean;
  headers?: Record<string, string>;
}

/** `GET /api/v1/status.json`: what the web UI reads its settings from. */
export interface V1Status {
  status: 'ok';
  name: string;
  version: string;
  serverTime: string;
  serverTimeEpoch: number;
  apiEnabled: boolean;
  careportalEnabled: boolean;
  boluscalcEnabled: boolean;
  settings: DisplaySettings & Record<string, unknown>;
  extendedSettings: Record<string, unknown>;
  /** The JWT for the access token sent as `?token=`, else null. */
  authorized: JwtGrant | null;
  runtimeState: string;
}

/** The settings a display needs (docs/protocol/api-v1.md §5.7); servers send many more. */
export interface DisplaySettings {
  units: 'mg/dl' | 'mmol';
  timeFormat?: 12 | 24;
  customTitle?: string;
  alarmTimeagoWarnMins: number;
  alarmTimeagoUrgentMins: number;
  thresholds: { bgHigh: number; bgTargetTop: number; bgTargetBottom: number; bgLow: number };
  authDefaultRoles?: string;
  enable?: string[];
}

/** `GET /api/v1/verifyauth` (the result is nested under `message`). */
export interface VerifyAuth {
  canRead: boolean;
  canWrite: boolean;
  isAdmin: boolean;
  message: 'OK' | 'UNAUTHORIZED';
  rolefound: 'FOUND' | 'NOTFOUND';
  permissions: 'DEFAULT' | 'ROLE';
}

export type SubjectRecord = Omit<SubjectDto, '_id'> & { _id: string; accessToken: string };
export type RoleRecord = Omit<RoleDto, '_id'> & { _id?: string };
/** A stored v1 document: `_id` as a 24-hex string. */
export type V1Document = LegacyDocument & { _id: string };

/**
 * REST calls with the client's credentials: `api-secret` for the API secret, a Bearer JWT for an
 * access token. Non-2xx answers throw RestError with the server's message.
 */
export class RestClient {
  constructor(
    private readonly baseUrl: string,
    private readonly auth: Authenticator,
    private readonly fetchImpl: typeof fetch,
  ) {}

  async request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
    const url = new URL(this.baseUrl + path);
    for (const [key, value] of Object.entries(options.query ?? {})) if (value !== undefined) url.searchParams.set(key, String(value));
    const headers: Record<string, string> = { accept: 'application/json', ...options.headers };
    if (options.authenticate !== false) Object.assign(headers, await this.auth.headers());
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const res = await this.fetchImpl(url, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
    const body = await readBody(res);
    if (!res.ok) throw new RestError(res.status, errorMessage(res.status, body), body);
    return body as T;
  }

  get = <T>(path: string, query?: Query) => this.request<T>('GET', path, { query });
  post = <T>(path: string, body: unknown) => this.request<T>('POST', path, { body });
  put = <T>(path: string, body: unknown) => this.request<T>('PUT', path, { body });
  patch = <T>(path: string, body: unknown) => this.request<T>('PATCH', path, { body });
  delete = <T>(path: string, query?: Query) => this.request<T>('DELETE', path, { query });

  /** API v1 (docs/protocol/api-v1.md). */
  readonly v1 = {
    status: () => this.get<V1Status>('/api/v1/status.json'),
    verifyauth: async () => (await this.get<{ status: number; message: VerifyAuth }>('/api/v1/verifyauth')).message,
    list: (collection: V1CollectionName, query?: Query) => this.get<V1Document[]>(`/api/v1/${collection}.json`, query),
    create: (collection: V1CollectionName, docs: LegacyDocument | LegacyDocument[]) => this.post<V1Document[]>(`/api/v1/${collection}`, docs),
    update: (collection: V1CollectionName, doc: LegacyDocument) => this.put<V1Document>(`/api/v1/${collection}`, doc),
    remove: (collection: V1CollectionName, id: string) => this.delete<unknown>(`/api/v1/${collection}/${encodeURIComponent(id)}`),
  };

  /** API v2: the authorization administration (docs/protocol/api-v1.md §3.7). */
  readonly v2 = {
    subjects: {
      list: () => this.get<SubjectRecord[]>('/api/v2/authorization/subjects'),
      create: (subject: Pick<SubjectDto, 'name' | 'roles' | 'notes'>) => this.post<unknown>('/api/v2/authorization/subjects', subject),
      update: (subject: SubjectDto & { _id: string }) => this.put<unknown>('/api/v2/authorization/subjects', subject),
      remove: (id: string) => this.delete<unknown>(`/api/v2/authorization/subjects/${encodeURIComponent(id)}`),
    },
    roles: {
      list: () => this.get<RoleRecord[]>('/api/v2/authorization/roles'),
      create: (role: Pick<RoleDto, 'name' | 'permissions' | 'notes'>) => this.post<unknown>('/api/v2/authorization/roles', role),
      update: (role: RoleDto & { _id: string }) => this.put<unknown>('/api/v2/authorization/roles', role),
      remove: (id: string) => this.delete<unknown>(`/api/v2/authorization/roles/${encodeURIComponent(id)}`),
    },
  };

  /** API v3 (docs/protocol/api-v3.md): needs an access token (its JWT) unless the server turned security off. */
  readonly v3 = {
    version: async () => (await this.get<V3Result<V3Version>>('/api/v3/version')).result,
    status: async () => (await this.get<V3Result<V3Status>>('/api/v3/status')).result,
    lastModified: async () => (await this.get<V3Result<V3LastModified>>('/api/v3/lastModified')).result,
    search: async (collection: V3CollectionName, query?: Query) => (await this.get<V3Result<StorageDocument[]>>(`/api/v3/${collection}`, query)).result,
    /** One document; `query` takes the reading options (`fields`). */
    read: async (collection: V3CollectionName, identifier: string, query?: Query) =>
      (await this.get<V3Result<StorageDocument>>(`/api/v3/${collection}/${encodeURIComponent(identifier)}`, query)).result,
    history: async (collection: V3CollectionName, lastModified = 0, query?: Query) =>
      (await this.get<V3Result<StorageDocument[]>>(`/api/v3/${collection}/history/${lastModified}`, query)).result,
    create: (collection: V3CollectionName, doc: LegacyDocument) => this.post<V3Created | V3Deduplicated>(`/api/v3/${collection}`, doc),
    update: (collection: V3CollectionName, identifier: string, doc: LegacyDocument) =>
      this.put<{ status: number }>(`/api/v3/${collection}/${encodeURIComponent(identifier)}`, doc),
    patch: (collection: V3CollectionName, identifier: string, fields: LegacyDocument) =>
      this.patch<{ status: number }>(`/api/v3/${collection}/${encodeURIComponent(identifier)}`, fields),
    remove: (collection: V3CollectionName, identifier: string, options: { permanent?: boolean } = {}) =>
      this.delete<{ status: number }>(`/api/v3/${collection}/${encodeURIComponent(identifier)}`, options.permanent ? { permanent: true } : undefined),
  };
}
