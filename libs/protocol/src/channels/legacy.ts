import type { V1CollectionName } from '../collections';
import type { Ack, InvalidPayloadAck, RateLimitedAck } from './acks';
import type { AlarmServerToClientEvents } from './alarm';

/** The legacy root namespace `/` (docs/protocol/legacy-socket.md). */
export const LEGACY_NAMESPACE = '/';
/** Room of sockets that may read and receive `dataUpdate` deltas. */
export const LEGACY_DATA_ROOM = 'DataReceivers';

export const LEGACY_EVENTS = {
  authorize: 'authorize',
  loadRetro: 'loadRetro',
  dbAdd: 'dbAdd',
  dbUpdate: 'dbUpdate',
  dbUpdateUnset: 'dbUpdateUnset',
  dbRemove: 'dbRemove',
  connected: 'connected',
  dataUpdate: 'dataUpdate',
  retroUpdate: 'retroUpdate',
  clients: 'clients',
} as const;

export interface AuthorizePayload {
  client?: string;
  /** SHA-1 or SHA-512 hex of API_SECRET, an access token, or the SHA-1 of an access token. */
  secret?: string | null;
  /** A JWT from /api/v2/authorization/request/:accessToken. */
  token?: string | null;
  history?: number;
  status?: boolean;
}

export interface AuthorizeAck {
  read: boolean;
  write: boolean;
  write_treatment: boolean;
}

export type LegacyDocument = Record<string, unknown>;

export interface DbAddPayload {
  collection: V1CollectionName;
  data: LegacyDocument | LegacyDocument[];
}

export interface DbUpdatePayload {
  collection: V1CollectionName;
  _id: string;
  data: LegacyDocument;
}

export interface DbUpdateUnsetPayload {
  collection: V1CollectionName;
  _id: string;
  /** `{ field: 1 }` for each field to remove. */
  data: Record<string, unknown>;
}

export interface DbRemovePayload {
  collection: V1CollectionName;
  _id: string;
}

/** Failure acknowledgements of the write events, in the order the checks run (docs/protocol/legacy-socket.md §4.2). */
export type LegacyWriteRefusal =
  | { result: 'Wrong collection' }
  | { result: 'Not authorized' }
  | { result: 'Not permitted' }
  | { result: 'Missing _id' }
  /** The database failed; nothing may have been written (the reference answered `[]` or `success`). */
  | { result: 'Database error' }
  | RateLimitedAck
  | InvalidPayloadAck;

export type LegacyWriteAck = { result: 'success' } | LegacyWriteRefusal;
/** `dbAdd` answers with the stored (or matched) documents, `_id` as 24-hex strings. */
export type DbAddAck = LegacyDocument[] | LegacyWriteRefusal;

export interface SgvItem {
  _id: string;
  mgdl: number;
  mills: number;
  device?: string;
  direction?: string;
  filtered?: number;
  unfiltered?: number;
  noise?: number;
  rssi?: number;
  type: 'sgv';
}
export interface MbgItem {
  _id: string;
  mgdl: number;
  mills: number;
  device?: string;
  type: 'mbg';
}
export interface CalItem {
  _id: string;
  mills: number;
  scale?: number;
  intercept?: number;
  slope?: number;
  type: 'cal';
}
/** A treatment with runtime fields; in deltas `action` marks an update or removal. */
export interface TreatmentItem extends LegacyDocument {
  _id: string;
  mills: number;
  action?: 'update' | 'remove';
}
export interface DeviceStatusItem extends LegacyDocument {
  _id: string;
  mills: number;
}

export interface LegacyStatus {
  status: 'ok';
  name: string;
  version: string;
  versionNum: number;
  serverTime: string;
  careportalEnabled: boolean;
  boluscalcEnabled: boolean;
  settings: Record<string, unknown>;
  extendedSettings: Record<string, unknown>;
  activeProfile?: string;
}

/** Full snapshot after `authorize` (no `delta`) or a delta (`delta: true`, only what changed). */
export interface DataUpdatePayload {
  delta?: true;
  lastUpdated?: number;
  sgvs?: SgvItem[];
  mbgs?: MbgItem[];
  cals?: CalItem[];
  treatments?: TreatmentItem[];
  devicestatus?: DeviceStatusItem[];
  profiles?: LegacyDocument[];
  food?: LegacyDocument[];
  dbstats?: { dataSize?: number; indexSize?: number };
  status?: LegacyStatus;
}

export interface RetroUpdatePayload {
  devicestatus: DeviceStatusItem[];
}

/** Events a client emits on `/`, with their payload and acknowledgement types. */
export interface LegacyClientToServerEvents {
  authorize: (payload: AuthorizePayload, ack?: Ack<AuthorizeAck | RateLimitedAck | InvalidPayloadAck>) => void;
  loadRetro: (payload: { loadedMills?: number }, ack?: Ack<{ result: 'success' } | LegacyWriteRefusal>) => void;
  dbAdd: (payload: DbAddPayload, ack?: Ack<DbAddAck>) => void;
  dbUpdate: (payload: DbUpdatePayload, ack?: Ack<LegacyWriteAck>) => void;
  dbUpdateUnset: (payload: DbUpdateUnsetPayload, ack?: Ack<LegacyWriteAck>) => void;
  dbRemove: (payload: DbRemovePayload, ack?: Ack<LegacyWriteAck>) => void;
}

/** Events the server emits on `/`; `DataReceivers` also get the alarm events (GAP-API-015). */
export interface LegacyServerToClientEvents extends AlarmServerToClientEvents {
  connected: () => void;
  dataUpdate: (payload: DataUpdatePayload) => void;
  retroUpdate: (payload: RetroUpdatePayload) => void;
  clients: (count: number) => void;
}
