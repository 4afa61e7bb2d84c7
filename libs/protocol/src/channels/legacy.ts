import type { V1CollectionName } from '../collections';
import { PERMISSIONS } from '../permissions';
import { AuthorizeDto, DbAddDto, DbRemoveDto, DbUpdateDto, LoadRetroDto } from '../payloads/legacy.dto';
import { INVALID_PAYLOAD_ACK_SCHEMA, RATE_LIMITED_ACK_SCHEMA, type Ack, type InvalidPayloadAck, type RateLimitedAck } from './acks';
import { alarmDeliveries, type AlarmServerToClientEvents } from './alarm';
import { schema, type ChannelContract, type EventPermission, type JsonSchema } from './contract';

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
  /**
   * The database failed; nothing may have been written (the reference answered `[]` or `success`).
   * `retryAfterMs` when it is away or busy rather than refusing the write: send it again after that.
   */
  | { result: 'Database error'; retryAfterMs?: number }
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

const { object, string, number, integer, boolean, array, oneOf, named, constant } = schema;

const AUTHORIZE_ACK_SCHEMA = named(
  'AuthorizeAck',
  'What the credentials may do on this socket (docs/protocol/legacy-socket.md §3.3).',
  object(
    {
      read: boolean('`api:*:read`: the socket joined `DataReceivers` and gets `dataUpdate`'),
      write: boolean('`api:*:create,update,delete`: the write events on every collection'),
      write_treatment: boolean('`api:treatments:create,update,delete`: the write events on treatments'),
    },
    ['read', 'write', 'write_treatment'],
  ),
);

const WRITE_REFUSAL_SCHEMA = named(
  'LegacyWriteRefusal',
  'Why nothing was written, in the order the checks run (docs/protocol/legacy-socket.md §4.2).',
  oneOf(
    object({ result: { enum: ['Wrong collection', 'Not authorized', 'Not permitted', 'Missing _id'] } }, ['result']),
    named(
      'DatabaseErrorAck',
      'The database failed and nothing may have been written; `retryAfterMs` when it is away or busy rather than refusing the write: send it again after that.',
      object({ result: constant('Database error'), retryAfterMs: integer('milliseconds to wait before sending the write again') }, ['result']),
    ),
    RATE_LIMITED_ACK_SCHEMA,
    INVALID_PAYLOAD_ACK_SCHEMA,
  ),
);

const SUCCESS_SCHEMA = object({ result: constant('success') }, ['result']);
const WRITE_ACK_SCHEMA = named('LegacyWriteAck', '`{"result": "success"}` or a refusal.', oneOf(SUCCESS_SCHEMA, WRITE_REFUSAL_SCHEMA));
const STORED_DOCUMENT_SCHEMA = named(
  'LegacyDocument',
  'A stored v1 document as the legacy channel shows it: `_id` as a 24-hex string, every other field as stored.',
  object({ _id: string('24-hex ObjectId') }, ['_id']),
);

const item = (title: string, description: string, properties: Record<string, JsonSchema>, required: string[]) =>
  named(title, description, object({ _id: string(), mills: number('epoch milliseconds on the chart'), ...properties }, ['_id', 'mills', ...required]));

const SGV_ITEM = item('SgvItem', 'A CGM reading.', { mgdl: number(), device: string(), direction: string(), filtered: number(), unfiltered: number(), noise: number(), rssi: number(), type: constant('sgv') }, ['mgdl', 'type']);
const MBG_ITEM = item('MbgItem', 'A meter reading.', { mgdl: number(), device: string(), type: constant('mbg') }, ['mgdl', 'type']);
const CAL_ITEM = item('CalItem', 'A calibration.', { scale: number(), intercept: number(), slope: number(), type: constant('cal') }, ['type']);
const TREATMENT_ITEM = item(
  'TreatmentItem',
  'A stored treatment with the fields the web UI draws with (`mgdl` or `mmol`, `endmills`); in a delta `action` marks an update or removal.',
  { action: { enum: ['update', 'remove'] } },
  [],
);
const DEVICE_STATUS_ITEM = item('DeviceStatusItem', 'A stored device status (`uploaderBattery` moved to `uploader.battery`).', {}, []);

const LEGACY_STATUS_SCHEMA = named(
  'LegacyStatus',
  'The server status, as in `/api/v1/status` (docs/protocol/legacy-socket.md §6.4).',
  object(
    {
      status: constant('ok'),
      name: string(),
      version: string(),
      versionNum: integer(),
      serverTime: string(),
      careportalEnabled: boolean(),
      boluscalcEnabled: boolean(),
      settings: object({}),
      extendedSettings: object({}),
      activeProfile: string(),
    },
    ['status', 'name', 'version', 'versionNum', 'serverTime', 'careportalEnabled', 'boluscalcEnabled', 'settings', 'extendedSettings'],
  ),
);

const DATA_UPDATE_SCHEMA = named(
  'DataUpdatePayload',
  'The full snapshot after `authorize` (no `delta`), or a delta (`delta: true`) with only what changed (docs/protocol/legacy-socket.md §6).',
  object({
    delta: constant(true),
    lastUpdated: integer('epoch milliseconds'),
    sgvs: array(SGV_ITEM),
    mbgs: array(MBG_ITEM),
    cals: array(CAL_ITEM),
    treatments: array(TREATMENT_ITEM),
    devicestatus: array(DEVICE_STATUS_ITEM),
    profiles: array(object({})),
    food: array(object({})),
    dbstats: object({ dataSize: number(), indexSize: number() }),
    status: LEGACY_STATUS_SCHEMA,
  }),
);

const READ_FLAG: EventPermission = { permission: PERMISSIONS.anyRead, description: 'Sockets whose `authorize` granted `read` (the `DataReceivers` room).' };
const WRITE_FLAG: EventPermission = {
  permission: PERMISSIONS.anyWrite,
  description: 'The `write` flag of `authorize`; on `treatments` the `write_treatment` flag (`api:treatments:create,update,delete`) is enough. Without `authorize` first: `Not authorized`.',
};

/** The legacy channel's events with their payloads, acknowledgements, permissions and rate limits. */
export const LEGACY_CHANNEL = {
  namespace: LEGACY_NAMESPACE,
  title: 'Legacy channel',
  description:
    'The root namespace of the Nightscout web UI and older uploaders: `authorize`, then a full snapshot and deltas of the last two days, and writes by `_id` (docs/protocol/legacy-socket.md).',
  receives: {
    authorize: {
      summary: 'Authorize the socket with the API secret hash, an access token or a JWT',
      description: 'Answered with the permission flags, then `connected` and (with `read`) the full `dataUpdate`. Credentials that fail disconnect the socket without an acknowledgement.',
      dto: AuthorizeDto,
      ack: oneOf(AUTHORIZE_ACK_SCHEMA, RATE_LIMITED_ACK_SCHEMA, INVALID_PAYLOAD_ACK_SCHEMA),
      permission: { permission: null, description: 'None: the acknowledgement says what the credentials grant (read, write, write_treatment).' },
      rateLimit: 'socket-read',
      credentials: { secret: ['apiSecretHash', 'accessToken'], token: ['jwt'] },
    },
    loadRetro: {
      summary: 'Ask for every held device status as one `retroUpdate`',
      dto: LoadRetroDto,
      ack: WRITE_ACK_SCHEMA,
      permission: { permission: PERMISSIONS.anyRead, description: 'The `read` flag of `authorize` (the reference asked for none).' },
      rateLimit: 'socket-read',
    },
    dbAdd: {
      summary: 'Store one document or an array, with the reference\'s deduplication per collection',
      description: 'Acknowledged with the stored (or matched) documents; every channel sees the change.',
      dto: DbAddDto,
      ack: named('DbAddAck', 'The stored or matched documents, or a refusal.', oneOf(array(STORED_DOCUMENT_SCHEMA), WRITE_REFUSAL_SCHEMA)),
      permission: WRITE_FLAG,
      rateLimit: 'socket-write',
    },
    dbUpdate: { summary: 'Set fields of the document with this `_id`', dto: DbUpdateDto, ack: WRITE_ACK_SCHEMA, permission: WRITE_FLAG, rateLimit: 'socket-write' },
    dbUpdateUnset: {
      summary: 'Remove fields (`{"field": 1}`) of the document with this `_id`',
      dto: DbUpdateDto,
      ack: WRITE_ACK_SCHEMA,
      permission: WRITE_FLAG,
      rateLimit: 'socket-write',
    },
    dbRemove: { summary: 'Delete the document with this `_id`', dto: DbRemoveDto, ack: WRITE_ACK_SCHEMA, permission: WRITE_FLAG, rateLimit: 'socket-write' },
  },
  sends: {
    connected: {
      summary: 'The credentials of `authorize` were accepted',
      payload: null,
      permission: { permission: null, description: 'The socket that authorized.' },
    },
    dataUpdate: {
      summary: 'The full snapshot after `authorize`, then a delta after every change',
      payload: DATA_UPDATE_SCHEMA,
      permission: READ_FLAG,
    },
    retroUpdate: {
      summary: 'Every held device status, after `loadRetro`',
      payload: named('RetroUpdatePayload', 'The device statuses of the data window.', object({ devicestatus: array(DEVICE_STATUS_ITEM) }, ['devicestatus'])),
      permission: { permission: PERMISSIONS.anyRead, description: 'The socket that sent `loadRetro`.' },
    },
    clients: {
      summary: 'How many sockets the namespace holds, after every connect and disconnect',
      payload: integer('the number of connected sockets'),
      permission: { permission: null, description: 'Every socket of the namespace, authorized or not.' },
    },
    ...alarmDeliveries({ permission: PERMISSIONS.anyRead, description: 'Sockets in `DataReceivers` (read granted), as before Nightscout 15 (GAP-API-015).' }),
  },
} as const satisfies ChannelContract<LegacyClientToServerEvents, LegacyServerToClientEvents>;
