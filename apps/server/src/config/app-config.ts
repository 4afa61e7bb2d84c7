import { COLLECTIONS, COLLECTION_ENV_NAMES, type CollectionName } from '@nightscout/protocol';
import { createHash } from 'node:crypto';
import { ConfigError } from './config-error';
import { readDisplaySettings, type DisplaySettings } from './display-settings';
import { readBoolean, readChoice, readEnv, readFirstEnv, readNumber, splitList } from './environment';
import { readExtendedSettings, type ExtendedSettings } from './extended-settings';
import { readFeatures, type AlarmType } from './features';
import { readPluginSettings, type PluginSettings } from './plugin-settings';
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
  /**
   * `READ_MODEL`: answer the polled queries from memory (docs/performance.md). On by default for the
   * embedded FerretDB, which scans a collection for every filtered query, and with `REDIS_URL`,
   * whose event stream brings other instances' writes; off with `MONGODB_URI` alone, whose indexes
   * answer them and which other instances may write to unseen (docs/scale-out.md).
   */
  readModel: boolean;
  /** The variable `mongoUri` came from (`MONGODB_URI`, `MONGO_CONNECTION`, ...), for messages. */
  mongoUriVariable?: string;
  /** How long the first connection to `mongoUri` may take before the server gives up. */
  databaseConnectTimeoutMs: number;
  dataDir: string;
  /** Physical collection name for each API collection. */
  collections: Record<CollectionName, string>;
  authCollectionPrefix: string;
  apiSecret?: {
    sha1: string;
    sha512: string;
    /** The reference's strength estimate (character classes × length); under 60 bits is called weak. */
    entropyBits: number;
    /** The database URI's password is the API secret (the reference warns about it). */
    isDatabasePassword: boolean;
  };
  /** Key that signs JWTs; unset: a random key kept in the database. */
  jwtSecret?: string;
  authDefaultRoles: string[];
  authFailDelayMs: number;
  displayUnits: 'mg/dl' | 'mmol';
  /** Enabled features and plugins (the reference's `settings.enable`). */
  enable: string[];
  alarmTypes: AlarmType[];
  /** `OBSCURED`: features hidden from the `enable` list clients see. */
  obscured: string[];
  /** Thresholds in mg/dl (converted from mmol/l when `DISPLAY_UNITS=mmol` and `BG_HIGH` < 50, as the reference does). */
  thresholds: Thresholds;
  /** What the web UI shows and how it alarms. */
  settings: DisplaySettings;
  /** `<PLUGIN>_<NAME>` variables of enabled plugins. */
  extendedSettings: ExtendedSettings;
  /** The server plugins' extended settings, typed and checked. */
  plugins: PluginSettings;
  insecureUseHttp: boolean;
  uuidHandling: boolean;
  heartbeatSeconds: number;
  /** Longest prediction curve kept in device status (0: no limit). */
  predictionsMaxSize: number;
  /** Shown instead of an entry's `device` in API v1 and `dataUpdate` output. */
  obscureDeviceProvenance?: string;
  trustProxy: TrustProxy;
  /** Set: instances share events, sockets, alarms, caches and rate limits through Redis (docs/scale-out.md). */
  redisUrl?: string;
  /** Prefix of every Redis key and channel, so that several sites (or test runs) share one Redis. */
  redisKeyPrefix: string;
  rateLimits: RateLimits;
  /** `Access-Control-Allow-Origin` when `ENABLE` contains `cors`. */
  corsAllowOrigin: string;
  logLevel: LogLevel;
  /** Unset: pretty on a terminal, JSON otherwise. */
  logFormat?: 'json' | 'pretty';
  /** How long requests in flight may take to finish after SIGTERM/SIGINT. */
  shutdownGraceMs: number;
}

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

const MONGO_URI_NAMES = ['MONGODB_URI', 'MONGO_CONNECTION', 'MONGO', 'MONGOLAB_URI', 'STORAGE_URI'];

const MMOL_TO_MGDL = 18.01559;
const THRESHOLD_NAMES = ['BG_HIGH', 'BG_TARGET_TOP', 'BG_TARGET_BOTTOM', 'BG_LOW'];

/** Bits as the reference estimates them: length × log2 of the pools used (a–z, A–Z, 0–9, 33 symbols). */
export function secretEntropyBits(secret: string): number {
  const pools: [RegExp, number][] = [[/[a-z]/, 26], [/[A-Z]/, 26], [/[0-9]/, 10], [/[^a-zA-Z0-9]/, 33]];
  const pool = pools.reduce((size, [re, n]) => size + (re.test(secret) ? n : 0), 0);
  return Math.round(secret.length * Math.log2(pool));
}

function databasePassword(uri: string | undefined): string | undefined {
  const password = uri?.match(/^mongodb(?:\+srv)?:\/\/[^:@/]*:([^@/]*)@/)?.[1];
  try {
    return password === undefined ? undefined : decodeURIComponent(password);
  } catch {
    return password;
  }
}

const hex = (algorithm: 'sha1' | 'sha512', value: string) => createHash(algorithm).update(value).digest('hex');

/** Builds the typed configuration from Nightscout's environment names, or throws a ConfigError. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const port = readNumber(env, 'PORT', 1337, (n) => Number.isInteger(n) && n >= 0 && n <= 65535, 'a port number from 0 to 65535');

  const secret = readEnv(env, 'API_SECRET');
  if (secret !== undefined && secret.length < 12) throw new ConfigError('API_SECRET', 'must be at least 12 characters long');

  const mongoUri = readFirstEnv(env, MONGO_URI_NAMES);
  const mongoUriVariable = MONGO_URI_NAMES.find((n) => readEnv(env, n) === mongoUri);
  if (mongoUri !== undefined && !/^mongodb(\+srv)?:\/\//.test(mongoUri)) throw new ConfigError(mongoUriVariable!, 'must be a mongodb:// or mongodb+srv:// URI');

  const units = readEnv(env, 'DISPLAY_UNITS') ?? 'mg/dl';
  if (!/^(mg\/dl|mgdl|mmol(\/l)?)$/i.test(units)) throw new ConfigError('DISPLAY_UNITS', `must be mg/dl or mmol (got "${units}")`);

  const displayUnits = /mmol/i.test(units) ? 'mmol' : 'mg/dl';
  const bg = (name: string, fallback: number) => readNumber(env, name, fallback, (n) => n > 0 && n < 1000, 'a positive glucose value in mg/dl (or mmol/l with DISPLAY_UNITS=mmol)');
  const thresholds: Thresholds = {
    bgHigh: bg('BG_HIGH', 260),
    bgTargetTop: bg('BG_TARGET_TOP', 180),
    bgTargetBottom: bg('BG_TARGET_BOTTOM', 80),
    bgLow: bg('BG_LOW', 55),
  };
  // Old mmol sites set their thresholds in mg/dl: only values that cannot be mg/dl are converted.
  if (displayUnits === 'mmol' && thresholds.bgHigh < 50) {
    for (const key of Object.keys(thresholds) as (keyof Thresholds)[]) thresholds[key] = Math.round(thresholds[key] * MMOL_TO_MGDL);
  }
  if (!(thresholds.bgLow < thresholds.bgTargetBottom && thresholds.bgTargetBottom < thresholds.bgTargetTop && thresholds.bgTargetTop < thresholds.bgHigh)) {
    throw new ConfigError('BG_LOW, BG_TARGET_BOTTOM, BG_TARGET_TOP, BG_HIGH', `must increase in that order (got ${thresholds.bgLow}, ${thresholds.bgTargetBottom}, ${thresholds.bgTargetTop}, ${thresholds.bgHigh})`);
  }

  const features = readFeatures(env, THRESHOLD_NAMES.some((n) => readEnv(env, n) !== undefined));
  const extendedSettings = readExtendedSettings(env, features.enable);

  const defaultRoles = splitList(readEnv(env, 'AUTH_DEFAULT_ROLES') ?? 'readable');
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

  const limit = (name: string, fallback: number) => readNumber(env, name, fallback, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 for no limit');
  const rateLimits: RateLimits = {
    readPerMin: limit('RATE_LIMIT_READ_PER_MIN', 600),
    writePerMin: limit('RATE_LIMIT_WRITE_PER_MIN', 120),
    socketWritesPer10s: limit('RATE_LIMIT_SOCKET_WRITES_PER_10S', 20),
    socketReadsPer10s: limit('RATE_LIMIT_SOCKET_READS_PER_10S', 100),
    handshakesPerMin: limit('RATE_LIMIT_HANDSHAKES_PER_MIN', 60),
    floodRejections: readNumber(env, 'RATE_LIMIT_FLOOD_REJECTIONS', 100, (n) => Number.isInteger(n) && n >= 1, 'a whole number from 1'),
  };

  const redisUrl = readEnv(env, 'REDIS_URL');
  if (redisUrl !== undefined && !/^rediss?:\/\//.test(redisUrl)) throw new ConfigError('REDIS_URL', 'must be a redis:// or rediss:// URL');

  const jwtSecret = readEnv(env, 'JWT_SECRET');
  if (jwtSecret !== undefined && jwtSecret.length < 32) throw new ConfigError('JWT_SECRET', 'must be at least 32 characters long');

  return {
    port,
    hostname: readEnv(env, 'HOSTNAME'),
    mongoUri,
    readModel: readBoolean(env, 'READ_MODEL', mongoUri === undefined || redisUrl !== undefined),
    mongoUriVariable,
    databaseConnectTimeoutMs: readNumber(env, 'MONGODB_CONNECT_TIMEOUT_MS', 10_000, (n) => n >= 500 && n <= 600_000, 'a time in ms from 500 to 600000'),
    dataDir: readEnv(env, 'DATA_DIR') ?? 'data',
    collections,
    authCollectionPrefix: readEnv(env, 'MONGO_AUTHENTICATION_COLLECTIONS_PREFIX') ?? 'auth_',
    apiSecret:
      secret === undefined
        ? undefined
        : { sha1: hex('sha1', secret), sha512: hex('sha512', secret), entropyBits: secretEntropyBits(secret), isDatabasePassword: databasePassword(mongoUri) === secret },
    jwtSecret,
    authDefaultRoles: defaultRoles,
    authFailDelayMs: readNumber(env, 'AUTH_FAIL_DELAY', 5000, (n) => n >= 0 && n <= 60_000, 'a delay in ms from 0 to 60000'),
    displayUnits,
    ...features,
    thresholds,
    settings: readDisplaySettings(env),
    extendedSettings,
    plugins: readPluginSettings(extendedSettings),
    insecureUseHttp: readBoolean(env, 'INSECURE_USE_HTTP', false),
    uuidHandling: readBoolean(env, 'UUID_HANDLING', true),
    heartbeatSeconds: readNumber(env, 'HEARTBEAT', 60, (n) => n >= 1 && n <= 3600, 'seconds from 1 to 3600'),
    predictionsMaxSize: readNumber(env, 'PREDICTIONS_MAX_SIZE', 288, (n) => Number.isInteger(n) && n >= 0, 'a whole number, 0 for no limit'),
    obscureDeviceProvenance: readEnv(env, 'OBSCURE_DEVICE_PROVENANCE'),
    trustProxy: parseTrustProxy(readEnv(env, 'TRUST_PROXY')),
    redisUrl,
    redisKeyPrefix: readEnv(env, 'REDIS_KEY_PREFIX') ?? 'nightscout:',
    rateLimits,
    corsAllowOrigin: readEnv(env, 'CORS_ALLOW_ORIGIN') ?? '*',
    logLevel: readChoice(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
    logFormat: readEnv(env, 'LOG_FORMAT') === undefined ? undefined : readChoice(env, 'LOG_FORMAT', ['json', 'pretty'] as const, 'json'),
    shutdownGraceMs: readNumber(env, 'SHUTDOWN_GRACE_MS', 10_000, (n) => n >= 0 && n <= 600_000, 'a time in ms from 0 to 600000'),
  };
}
