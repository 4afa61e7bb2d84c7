import { COLLECTIONS, COLLECTION_ENV_NAMES, type CollectionName } from '@nightscout/protocol';
import { createHash } from 'node:crypto';
import { ConfigError } from './config-error';
import { readEnv, readFirstEnv } from './environment';
import { parseTrustProxy, type TrustProxy } from './trust-proxy';

export const APP_CONFIG = Symbol('APP_CONFIG');

export interface Thresholds {
  bgHigh: number;
  bgTargetTop: number;
  bgTargetBottom: number;
  bgLow: number;
}

/** Requests or events allowed per key and window; 0 turns a limit off. */
export interface RateLimits {
  readPerMin: number;
  writePerMin: number;
  socketWritesPer10s: number;
  socketReadsPer10s: number;
  handshakesPerMin: number;
  /** Rejections within one window after which a socket is disconnected. */
  floodRejections: number;
}

export interface AppConfig {
  port: number;
  hostname?: string;
  /** Unset: the embedded FerretDB under `dataDir` is started. */
  mongoUri?: string;
  dataDir: string;
  /** Physical collection name for each API collection. */
  collections: Record<CollectionName, string>;
  authCollectionPrefix: string;
  apiSecret?: { sha1: string; sha512: string };
  /** Key that signs JWTs; unset: a random key kept in the database. */
  jwtSecret?: string;
  authDefaultRoles: string[];
  authFailDelayMs: number;
  displayUnits: 'mg/dl' | 'mmol';
  enable: string[];
  thresholds: Thresholds;
  alarmTimeagoWarnMins: number;
  alarmTimeagoUrgentMins: number;
  insecureUseHttp: boolean;
  uuidHandling: boolean;
  heartbeatSeconds: number;
  /** Longest prediction curve kept in device status (0: no limit). */
  predictionsMaxSize: number;
  /** Shown instead of an entry's `device` in API v1 and `dataUpdate` output. */
  obscureDeviceProvenance?: string;
  trustProxy: TrustProxy;
  /** Set: rate-limit counters live in Redis, shared by every instance. */
  redisUrl?: string;
  rateLimits: RateLimits;
  /** `Access-Control-Allow-Origin` when `ENABLE` contains `cors`. */
  corsAllowOrigin: string;
}

/** Features Nightscout always enables unless disabled. */
const DEFAULT_FEATURES = [
  'bgnow', 'delta', 'direction', 'timeago', 'devicestatus', 'upbat', 'errorcodes', 'profile', 'bolus', 'dbsize',
  'runtimestate', 'basal', 'careportal',
];

const MONGO_URI_NAMES = ['MONGODB_URI', 'MONGO_CONNECTION', 'MONGO', 'MONGOLAB_URI', 'STORAGE_URI'];

function number(env: NodeJS.ProcessEnv, name: string, fallback: number, check: (n: number) => boolean, rule: string): number {
  const raw = readEnv(env, name);
  if (raw === undefined) return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || !check(value)) throw new ConfigError(name, `must be ${rule} (got "${raw}")`);
  return value;
}

function boolean(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = readEnv(env, name)?.toLowerCase();
  if (raw === undefined) return fallback;
  if (['true', 'on', '1', 'yes'].includes(raw)) return true;
  if (['false', 'off', '0', 'no'].includes(raw)) return false;
  throw new ConfigError(name, `must be true or false (got "${raw}")`);
}

const list = (raw: string | undefined): string[] => (raw ?? '').split(/[\s,:]+/).filter(Boolean);

const hex = (algorithm: 'sha1' | 'sha512', value: string) => createHash(algorithm).update(value).digest('hex');

/** Builds the typed configuration from Nightscout's environment names, or throws a ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = number(env, 'PORT', 1337, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');

  const secret = readEnv(env, 'API_SECRET');
  if (secret !== undefined && secret.length < 12) throw new ConfigError('API_SECRET', 'must be at least 12 characters long');

  const mongoUri = readFirstEnv(env, MONGO_URI_NAMES);
  if (mongoUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) {
    throw new ConfigError(MONGO_URI_NAMES.find((n) => readEnv(env, n) === mongoUri)!, 'must be a mongodb:// or mongodb+srv:// URI');
  }

  const units = readEnv(env, 'DISPLAY_UNITS') ?? 'mg/dl';
  if (!/^(mg\/dl|mgdl|mmol(\/l)?)$/i.test(units)) throw new ConfigError('DISPLAY_UNITS', `must be mg/dl or mmol (got "${units}")`);

  const bg = (name: string, fallback: number) => number(env, name, fallback, (n) => n > 0 && n < 1000, 'a positive glucose value in mg/dl');
  const thresholds: Thresholds = {
    bgHigh: bg('BG_HIGH', 260),
    bgTargetTop: bg('BG_TARGET_TOP', 180),
    bgTargetBottom: bg('BG_TARGET_BOTTOM', 80),
    bgLow: bg('BG_LOW', 55),
  };
  if (!(thresholds.bgLow < thresholds.bgTargetBottom && thresholds.bgTargetBottom < thresholds.bgTargetTop && thresholds.bgTargetTop < thresholds.bgHigh)) {
    throw new ConfigError('BG_LOW, BG_TARGET_BOTTOM, BG_TARGET_TOP, BG_HIGH', `must increase in that order (got ${thresholds.bgLow}, ${thresholds.bgTargetBottom}, ${thresholds.bgTargetTop}, ${thresholds.bgHigh})`);
  }

  const minutes = (name: string, fallback: number) => number(env, name, fallback, (n) => n > 0, 'a positive number of minutes');
  const alarmTimeagoWarnMins = minutes('ALARM_TIMEAGO_WARN_MINS', 15);
  const alarmTimeagoUrgentMins = minutes('ALARM_TIMEAGO_URGENT_MINS', 30);
  if (alarmTimeagoUrgentMins < alarmTimeagoWarnMins) {
    throw new ConfigError('ALARM_TIMEAGO_URGENT_MINS', `must not be less than ALARM_TIMEAGO_WARN_MINS (${alarmTimeagoWarnMins})`);
  }

  const disabled = new Set(list(readEnv(env, 'DISABLE')));
  const enable = [...new Set([...list(readEnv(env, 'ENABLE')), ...DEFAULT_FEATURES])].filter((f) => !disabled.has(f));

  const defaultRoles = list(readEnv(env, 'AUTH_DEFAULT_ROLES') ?? 'readable');
  if (['off', 'false'].includes(readEnv(env, 'TREATMENTS_AUTH')?.toLowerCase() ?? '')) defaultRoles.push('careportal');

  const collections = Object.fromEntries(
    COLLECTIONS.map((c) => {
      const name = readFirstEnv(env, COLLECTION_ENV_NAMES[c]) ?? c;
      if (!/^[A-Za-z0-9_][A-Za-z0-9_.-]{0,119}$/.test(name) || name.startsWith('system.')) {
        throw new ConfigError(COLLECTION_ENV_NAMES[c][0], `must be a valid collection name (got "${name}")`);
      }
      return [c, name];
    }),
  ) as Record<CollectionName, string>;

  const limit = (name: string, fallback: number) => number(env, name, fallback, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 for no limit');
  const rateLimits: RateLimits = {
    readPerMin: limit('RATE_LIMIT_READ_PER_MIN', 600),
    writePerMin: limit('RATE_LIMIT_WRITE_PER_MIN', 120),
    socketWritesPer10s: limit('RATE_LIMIT_SOCKET_WRITES_PER_10S', 20),
    socketReadsPer10s: limit('RATE_LIMIT_SOCKET_READS_PER_10S', 100),
    handshakesPerMin: limit('RATE_LIMIT_HANDSHAKES_PER_MIN', 60),
    floodRejections: number(env, 'RATE_LIMIT_FLOOD_REJECTIONS', 100, (n) => Number.isInteger(n) && n >= 1, 'a whole number from 1'),
  };

  const redisUrl = readEnv(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');

  const jwtSecret = readEnv(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');

  return {
    port,
    hostname: readEnv(env, 'HOSTNAME'),
    mongoUri,
    dataDir: readEnv(env, 'DATA_DIR') ?? 'data',
    collections,
    authCollectionPrefix: readEnv(env, 'MONGO_AUTHENTICATION_COLLECTIONS_PREFIX') ?? 'auth_',
    apiSecret: secret === undefined ? undefined : { sha1: hex('sha1', secret), sha512: hex('sha512', secret) },
    jwtSecret,
    authDefaultRoles: defaultRoles,
    authFailDelayMs: number(env, 'AUTH_FAIL_DELAY', 5000, (n) => n >= 0 && n <= 60_000, 'a delay in ms from 0 to 60000'),
    displayUnits: /mmol/i.test(units) ? 'mmol' : 'mg/dl',
    enable,
    thresholds,
    alarmTimeagoWarnMins,
    alarmTimeagoUrgentMins,
    insecureUseHttp: boolean(env, 'INSECURE_USE_HTTP', false),
    uuidHandling: boolean(env, 'UUID_HANDLING', true),
    heartbeatSeconds: number(env, 'HEARTBEAT', 60, (n) => n >= 1 && n <= 3600, 'seconds from 1 to 3600'),
    predictionsMaxSize: number(env, 'PREDICTIONS_MAX_SIZE', 288, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 for no limit'),
    obscureDeviceProvenance: readEnv(env, 'OBSCURE_DEVICE_PROVENANCE'),
    trustProxy: parseTrustProxy(readEnv(env, 'TRUST_PROXY')),
    redisUrl,
    rateLimits,
    corsAllowOrigin: readEnv(env, 'CORS_ALLOW_ORIGIN') ?? '*',
  };
}
