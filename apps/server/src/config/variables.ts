/**
 * Every environment variable the server reads, with its default and meaning: the source of the
 * configuration page of the documentation site. `variables.spec.ts` reads the configuration
 * through a recording environment and fails when a variable is read that is not listed here, when
 * a listed one is never read, or when a listed default does not give the configuration unset does.
 */
export interface EnvironmentVariable {
  name: string;
  /** Other names read for the same setting; the first that is set wins. */
  aliases?: readonly string[];
  /** Names of a numbered family (`FRAME_URL_1` … `FRAME_URL_8`) instead of one name. */
  pattern?: RegExp;
  /** The default as an operator would write it; undefined when unset means "none" (see `unset`). */
  default?: string;
  /** What unset means when it is not a value one could write. */
  unset?: string;
  meaning: string;
  group: VariableGroup;
}

export type VariableGroup = 'Server' | 'Database' | 'Authentication' | 'Features and alarms' | 'Display' | 'API v3' | 'Rate limits and proxies';

const on = 'on';
const off = 'off';

export const ENVIRONMENT_VARIABLES: readonly EnvironmentVariable[] = [
  { group: 'Server', name: 'PORT', default: '1337', meaning: 'TCP port of the HTTP and socket.io listener (0: any free port).' },
  { group: 'Server', name: 'HOSTNAME', unset: 'all interfaces', meaning: 'Address to listen on.' },
  { group: 'Server', name: 'INSECURE_USE_HTTP', default: 'false', meaning: 'false: remote plain-HTTP requests are redirected (307) to HTTPS; loopback requests never are.' },
  { group: 'Server', name: 'SHUTDOWN_GRACE_MS', default: '10000', meaning: 'On SIGTERM/SIGINT, how long requests in flight may finish before their connections are closed (0–600000).' },
  { group: 'Server', name: 'LOG_LEVEL', default: 'info', meaning: '`trace`, `debug`, `info`, `warn`, `error`, `fatal` or `silent`; one line per HTTP request at `info`, socket connections at `debug`.' },
  { group: 'Server', name: 'LOG_FORMAT', unset: 'pretty on a terminal, JSON otherwise', meaning: '`json` or `pretty`.' },
  { group: 'Server', name: 'BASE_URL', unset: 'empty', meaning: 'The site\'s public URL, reported to clients in `/api/v1/status` settings.' },
  { group: 'Server', name: 'ADMIN_NOTIFIES_ENABLED', default: on, meaning: 'Record notices (weak API secret, start-up problems) for `/api/v1/adminnotifies`.' },
  { group: 'Server', name: 'HEARTBEAT', default: '60', meaning: 'Seconds between alarm checks when no data arrives (1–3600).' },
  { group: 'Server', name: 'PREDICTIONS_MAX_SIZE', default: '288', meaning: 'Longest OpenAPS prediction curve kept in a stored device status (0: no limit).' },
  { group: 'Server', name: 'UUID_HANDLING', default: 'true', meaning: 'A client UUID sent as `_id` is kept as `identifier` and the document gets an ObjectId, as Nightscout 15 does.' },
  { group: 'Server', name: 'OBSCURE_DEVICE_PROVENANCE', unset: 'the real device', meaning: 'Shown instead of a reading\'s `device` in API v1 output and `dataUpdate`.' },

  { group: 'Database', name: 'MONGODB_URI', aliases: ['MONGO_CONNECTION', 'MONGO', 'MONGOLAB_URI', 'STORAGE_URI'], unset: 'the embedded FerretDB', meaning: '`mongodb://` or `mongodb+srv://` URI of the database (MongoDB or a compatible server). Azure\'s `CUSTOMCONNSTR_mongo` is read as `MONGO`.' },
  { group: 'Database', name: 'MONGODB_CONNECT_TIMEOUT_MS', default: '10000', meaning: 'How long the first connection to `MONGODB_URI` may take before the server exits with one line naming it (500–600000).' },
  { group: 'Database', name: 'DATA_DIR', default: 'data', meaning: 'Where the embedded FerretDB keeps its SQLite files when `MONGODB_URI` is unset.' },
  { group: 'Database', name: 'FERRETDB_BIN', unset: 'built from tools/ferretdb into .cache/ferretdb on first start (needs Go)', meaning: 'A FerretDB binary to run as the embedded database instead.' },
  { group: 'Database', name: 'READ_MODEL', unset: 'on with the embedded FerretDB or with `REDIS_URL`, off with `MONGODB_URI` alone', meaning: 'Answer the queries clients poll (recent entries, treatments, device status, v3 history) from memory, kept exact by the writes of this process and, with `REDIS_URL`, of every other instance (docs/performance.md, docs/scale-out.md).' },
  { group: 'Database', name: 'MONGO_AUTHENTICATION_COLLECTIONS_PREFIX', default: 'auth_', meaning: 'Prefix of the collections holding subjects, roles and the JWT key.' },
  { group: 'Database', name: 'ENTRIES_COLLECTION', aliases: ['MONGO_COLLECTION'], default: 'entries', meaning: 'Physical collection of entries (the API name stays `entries`).' },
  { group: 'Database', name: 'MONGO_TREATMENTS_COLLECTION', default: 'treatments', meaning: 'Physical collection of treatments.' },
  { group: 'Database', name: 'MONGO_DEVICESTATUS_COLLECTION', default: 'devicestatus', meaning: 'Physical collection of device status.' },
  { group: 'Database', name: 'MONGO_PROFILE_COLLECTION', default: 'profile', meaning: 'Physical collection of profiles.' },
  { group: 'Database', name: 'MONGO_FOOD_COLLECTION', default: 'food', meaning: 'Physical collection of foods.' },
  { group: 'Database', name: 'MONGO_ACTIVITY_COLLECTION', default: 'activity', meaning: 'Physical collection of activity.' },
  { group: 'Database', name: 'MONGO_SETTINGS_COLLECTION', default: 'settings', meaning: 'Physical collection of API v3 settings.' },

  { group: 'Authentication', name: 'API_SECRET', unset: 'no admin secret', meaning: 'The admin secret, at least 12 characters; clients send its SHA-1 (or SHA-512) hex, never the secret.' },
  { group: 'Authentication', name: 'AUTH_DEFAULT_ROLES', default: 'readable', meaning: 'Roles of requests without credentials, also added to every token\'s roles (`denied` for a private site).' },
  { group: 'Authentication', name: 'TREATMENTS_AUTH', default: on, meaning: '`off` adds `careportal` to the default roles, so anyone may enter treatments.' },
  { group: 'Authentication', name: 'AUTH_FAIL_DELAY', default: '5000', meaning: 'Milliseconds a client waits per failed authentication (0–60000; bounded per address and in the number of addresses).' },
  { group: 'Authentication', name: 'JWT_SECRET', unset: 'a random key kept in the database', meaning: 'Key that signs JWTs (at least 32 characters); set it when several instances must accept each other\'s JWTs.' },

  { group: 'Features and alarms', name: 'ENABLE', unset: 'the default features', meaning: 'Features and plugins to enable, space separated, added to the defaults (`careportal` also enables `treatmentnotify`; `cors` sends CORS headers).' },
  { group: 'Features and alarms', name: 'DISABLE', unset: 'none', meaning: 'Features to remove from the enabled list.' },
  { group: 'Features and alarms', name: 'OBSCURED', unset: 'none', meaning: 'Features left out of the `enable` list clients see.' },
  { group: 'Features and alarms', name: 'PUSHOVER_API_TOKEN', unset: 'none', meaning: 'Set: `pushover` (and with it `treatmentnotify`) is enabled, as in Nightscout. This server sends no Pushover messages.' },
  { group: 'Features and alarms', name: 'ALARM_TYPES', unset: '`simple` when a `BG_*` threshold is set, else `predict`', meaning: '`simple` (thresholds, plugin `simplealarms`) and/or `predict` (AR2 forecast, plugin `ar2`).' },
  { group: 'Features and alarms', name: 'DISPLAY_UNITS', default: 'mg/dl', meaning: '`mg/dl` or `mmol`.' },
  { group: 'Features and alarms', name: 'BG_HIGH', default: '260', meaning: 'Urgent-high threshold in mg/dl (mmol/l with `DISPLAY_UNITS=mmol` and a `BG_HIGH` under 50).' },
  { group: 'Features and alarms', name: 'BG_TARGET_TOP', default: '180', meaning: 'High (warning) threshold; the four thresholds must increase from `BG_LOW`.' },
  { group: 'Features and alarms', name: 'BG_TARGET_BOTTOM', default: '80', meaning: 'Low (warning) threshold.' },
  { group: 'Features and alarms', name: 'BG_LOW', default: '55', meaning: 'Urgent-low threshold.' },
  { group: 'Features and alarms', name: 'ALARM_URGENT_HIGH', default: on, meaning: 'Raise the urgent-high alarm.' },
  { group: 'Features and alarms', name: 'ALARM_URGENT_HIGH_MINS', default: '30 60 90 120', meaning: 'Snooze choices (minutes) offered for urgent high.' },
  { group: 'Features and alarms', name: 'ALARM_HIGH', default: on, meaning: 'Raise the high warning.' },
  { group: 'Features and alarms', name: 'ALARM_HIGH_MINS', default: '30 60 90 120', meaning: 'Snooze choices for high.' },
  { group: 'Features and alarms', name: 'ALARM_LOW', default: on, meaning: 'Raise the low warning.' },
  { group: 'Features and alarms', name: 'ALARM_LOW_MINS', default: '15 30 45 60', meaning: 'Snooze choices for low.' },
  { group: 'Features and alarms', name: 'ALARM_URGENT_LOW', default: on, meaning: 'Raise the urgent-low alarm.' },
  { group: 'Features and alarms', name: 'ALARM_URGENT_LOW_MINS', default: '15 30 45', meaning: 'Snooze choices for urgent low.' },
  { group: 'Features and alarms', name: 'ALARM_URGENT_MINS', default: '30 60 90 120', meaning: 'Snooze choices for other urgent alarms.' },
  { group: 'Features and alarms', name: 'ALARM_WARN_MINS', default: '30 60 90 120', meaning: 'Snooze choices for other warnings.' },
  { group: 'Features and alarms', name: 'ALARM_TIMEAGO_WARN', default: on, meaning: 'Stale-data warning (raised by the server only with `TIMEAGO_ENABLE_ALERTS=true`, as in Nightscout).' },
  { group: 'Features and alarms', name: 'ALARM_TIMEAGO_WARN_MINS', default: '15', meaning: 'Minutes without a reading before the stale-data warning.' },
  { group: 'Features and alarms', name: 'ALARM_TIMEAGO_URGENT', default: on, meaning: 'Stale-data urgent alarm (with `TIMEAGO_ENABLE_ALERTS=true`).' },
  { group: 'Features and alarms', name: 'ALARM_TIMEAGO_URGENT_MINS', default: '30', meaning: 'Minutes without a reading before the urgent stale-data alarm (not less than the warning\'s).' },
  { group: 'Features and alarms', name: 'ALARM_PUMP_BATTERY_LOW', default: off, meaning: 'Reported to the web UI in settings.' },

  { group: 'Display', name: 'TIME_FORMAT', default: '12', meaning: '`12` or `24` hour clock.' },
  { group: 'Display', name: 'DAY_START', default: '7', meaning: 'Hour the day starts (night mode, quiet pump-battery alarms).' },
  { group: 'Display', name: 'DAY_END', default: '21', meaning: 'Hour the night starts.' },
  { group: 'Display', name: 'NIGHT_MODE', default: off, meaning: 'Dim the display at night.' },
  { group: 'Display', name: 'EDIT_MODE', default: on, meaning: 'Allow editing treatments in the web UI.' },
  { group: 'Display', name: 'SHOW_RAWBG', default: 'never', meaning: '`never`, `always` or `noise`: when to show raw glucose.' },
  { group: 'Display', name: 'CUSTOM_TITLE', default: 'Nightscout', meaning: 'Title of the site.' },
  { group: 'Display', name: 'THEME', default: 'default', meaning: '`default`, `colors` or `colorblindfriendly`.' },
  { group: 'Display', name: 'LANGUAGE', default: 'en', meaning: 'Language code (`en`, `de`, `zh_cn` …).' },
  { group: 'Display', name: 'SCALE_Y', default: 'log', meaning: '`log`, `linear` or `log-dynamic` chart scale.' },
  { group: 'Display', name: 'SHOW_PLUGINS', default: 'dbsize', meaning: 'Plugins shown by default, space separated.' },
  { group: 'Display', name: 'SHOW_FORECAST', default: 'ar2', meaning: 'Forecasts shown on the chart.' },
  { group: 'Display', name: 'FOCUS_HOURS', default: '3', meaning: 'Hours of the chart\'s focus (1–24).' },
  { group: 'Display', name: 'AUTHENTICATION_PROMPT_ON_LOAD', default: off, meaning: 'Ask for credentials when the web UI opens.' },
  { group: 'Display', name: 'SHOW_CLOCK_DELTA', default: off, meaning: 'Clock view shows the delta.' },
  { group: 'Display', name: 'SHOW_CLOCK_LAST_TIME', default: off, meaning: 'Clock view shows the time of the last reading.' },
  { group: 'Display', name: 'DE_NORMALIZE_DATES', default: off, meaning: 'Reported to clients in settings, as in Nightscout.' },
  { group: 'Display', name: 'SECURE_HSTS_HEADER', default: on, meaning: 'Reported in settings (this server sets no HSTS header; a TLS proxy should).' },
  { group: 'Display', name: 'SECURE_HSTS_HEADER_INCLUDESUBDOMAINS', default: off, meaning: 'Reported in settings.' },
  { group: 'Display', name: 'SECURE_HSTS_HEADER_PRELOAD', default: off, meaning: 'Reported in settings.' },
  { group: 'Display', name: 'SECURE_CSP', default: off, meaning: 'Reported in settings.' },
  { group: 'Display', name: 'FRAME_URL_<n>', pattern: /^FRAME_URL_?[1-8]$/, unset: 'no frame', meaning: 'Split-view frames 1–8: an http(s) URL or a path of this site (`FRAME_URL1` is read too).' },
  { group: 'Display', name: 'FRAME_NAME_<n>', pattern: /^FRAME_NAME_?[1-8]$/, unset: 'no name', meaning: 'Names of the split-view frames.' },

  { group: 'API v3', name: 'API3_SECURITY_ENABLE', default: 'true', meaning: '`false`: API v3 asks for no token (every request is an admin), as in Nightscout.' },
  { group: 'API v3', name: 'API3_DEDUP_FALLBACK_ENABLED', default: 'true', meaning: 'Deduplicate v3 creates without `identifier` by date and type, as in Nightscout.' },
  { group: 'API v3', name: 'API3_CREATED_AT_FALLBACK_ENABLED', default: 'true', meaning: 'Fall back on `created_at`/`date` for documents written without `srvModified`.' },
  { group: 'API v3', name: 'API3_MAX_LIMIT', default: '1000', meaning: 'Largest `limit` of a v3 search.' },

  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_READ_PER_MIN', default: '600', meaning: 'HTTP reads per client and minute (0: off).' },
  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_WRITE_PER_MIN', default: '120', meaning: 'HTTP writes per client and minute (0: off).' },
  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_SOCKET_WRITES_PER_10S', default: '20', meaning: 'Socket write events per socket and 10 s; an identity gets five sockets\' worth (0: off).' },
  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_SOCKET_READS_PER_10S', default: '100', meaning: 'Socket read events (`authorize`, `loadRetro`, `subscribe`) per socket and 10 s (0: off).' },
  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_HANDSHAKES_PER_MIN', default: '60', meaning: 'socket.io connections per client address and minute (0: off).' },
  { group: 'Rate limits and proxies', name: 'RATE_LIMIT_FLOOD_REJECTIONS', default: '100', meaning: 'Rejections within 10 s after which a socket is disconnected.' },
  { group: 'Rate limits and proxies', name: 'TRUST_PROXY', default: off, meaning: 'Hop count or comma list of addresses/subnets whose `X-Forwarded-For` is believed.' },
  { group: 'Rate limits and proxies', name: 'REDIS_URL', unset: 'one instance: events, sockets and counters in memory', meaning: '`redis://` URL: several instances on one database share domain events, socket.io rooms, alarms, caches, rate limits and the failed-authentication delay (docs/scale-out.md).' },
  { group: 'Rate limits and proxies', name: 'REDIS_KEY_PREFIX', default: 'nightscout:', meaning: 'Prefix of every Redis key and stream of this site, so that several sites share one Redis.' },
  { group: 'Rate limits and proxies', name: 'CORS_ALLOW_ORIGIN', default: '*', meaning: '`Access-Control-Allow-Origin` when `ENABLE` contains `cors`.' },
];

/** A setting of a server-side plugin, read as `<PLUGIN>_<NAME>` only while the plugin is enabled. */
export interface PluginVariable {
  name: string;
  plugin: string;
  default: string;
  meaning: string;
}

const pluginVariable = (plugin: string, suffix: string, value: string, meaning: string): PluginVariable => ({ name: `${plugin.toUpperCase()}_${suffix}`, plugin, default: value, meaning });

const ageVariables = (plugin: string, what: string, [info, warn, urgent]: [number, number, number], display: string): PluginVariable[] => [
  pluginVariable(plugin, 'INFO', String(info), `Hours since the last ${what} for an info notice.`),
  pluginVariable(plugin, 'WARN', String(warn), `Hours for a warning.`),
  pluginVariable(plugin, 'URGENT', String(urgent), `Hours for an urgent alarm.`),
  pluginVariable(plugin, 'DISPLAY', display, '`hours` or `days`.'),
  pluginVariable(plugin, 'ENABLE_ALERTS', off, 'Raise the age alarms.'),
];

const staleVariables = (plugin: string, what: string): PluginVariable[] => [
  pluginVariable(plugin, 'WARN', '30', `Minutes since the last ${what} for a warning.`),
  pluginVariable(plugin, 'URGENT', '60', 'Minutes for an urgent alarm.'),
  pluginVariable(plugin, 'ENABLE_ALERTS', off, 'Raise the alarms.'),
];

export const PLUGIN_VARIABLES: readonly PluginVariable[] = [
  pluginVariable('ar2', 'CONE_FACTOR', '2', 'Width of the AR2 forecast cone.'),
  pluginVariable('bwp', 'SNOOZE', '0.1', 'Bolus estimate (U) under which high alarms are snoozed.'),
  pluginVariable('bwp', 'WARN', '0.5', 'Bolus estimate (U) for a warning.'),
  pluginVariable('bwp', 'URGENT', '1', 'Bolus estimate (U) for an urgent alarm.'),
  pluginVariable('bwp', 'SNOOZE_MINS', '10', 'Minutes of that snooze.'),
  ...ageVariables('cage', 'site change', [44, 48, 72], 'hours'),
  ...ageVariables('sage', 'sensor start or change', [144, 164, 166], 'days'),
  ...ageVariables('iage', 'insulin change', [44, 48, 72], 'days'),
  ...ageVariables('bage', 'pump battery change', [312, 336, 360], 'days'),
  pluginVariable('pump', 'FIELDS', 'reservoir', 'Pump fields shown (display only).'),
  pluginVariable('pump', 'RETRO_FIELDS', 'reservoir battery', 'Pump fields shown in retro mode (display only).'),
  pluginVariable('pump', 'WARN_CLOCK', '30', 'Minutes since the pump\'s clock was reported for a warning.'),
  pluginVariable('pump', 'URGENT_CLOCK', '60', 'Minutes for an urgent alarm.'),
  pluginVariable('pump', 'WARN_RES', '10', 'Reservoir (U) for a warning.'),
  pluginVariable('pump', 'URGENT_RES', '5', 'Reservoir (U) for an urgent alarm.'),
  pluginVariable('pump', 'WARN_BATT_V', '1.35', 'Battery voltage for a warning.'),
  pluginVariable('pump', 'URGENT_BATT_V', '1.3', 'Battery voltage for an urgent alarm.'),
  pluginVariable('pump', 'WARN_BATT_P', '30', 'Battery percentage for a warning.'),
  pluginVariable('pump', 'URGENT_BATT_P', '20', 'Battery percentage for an urgent alarm.'),
  pluginVariable('pump', 'WARN_ON_SUSPEND', off, 'Warn while the pump is suspended.'),
  pluginVariable('pump', 'ENABLE_ALERTS', off, 'Raise the pump alarms.'),
  pluginVariable('pump', 'WARN_BATT_QUIET_NIGHT', off, 'No battery alarms between `DAY_END` and `DAY_START`.'),
  ...staleVariables('openaps', 'OpenAPS run'),
  ...staleVariables('loop', 'loop'),
  pluginVariable('upbat', 'WARN', '30', 'Uploader battery percentage for a warning.'),
  pluginVariable('upbat', 'URGENT', '20', 'Uploader battery percentage for an urgent alarm.'),
  pluginVariable('upbat', 'ENABLE_ALERTS', off, 'Raise the uploader battery alarms.'),
  pluginVariable('errorcodes', 'INFO', '1 2 3 4 5 6 7 8', 'CGM error codes raised as info notices (`off` for none).'),
  pluginVariable('errorcodes', 'WARN', off, 'CGM error codes raised as warnings.'),
  pluginVariable('errorcodes', 'URGENT', '9 10', 'CGM error codes raised as urgent alarms.'),
  pluginVariable('dbsize', 'WARN_PERCENTAGE', '60', 'Percentage of `DBSIZE_MAX` for a warning.'),
  pluginVariable('dbsize', 'URGENT_PERCENTAGE', '75', 'Percentage for an urgent alarm.'),
  pluginVariable('dbsize', 'MAX', '496', 'Database size limit in MiB.'),
  pluginVariable('dbsize', 'ENABLE_ALERTS', off, 'Raise the database size alarms.'),
  pluginVariable('dbsize', 'IN_MIB', off, 'Show the size in MiB instead of a percentage.'),
  pluginVariable('treatmentnotify', 'SNOOZE_MINS', '10', 'Minutes a new treatment snoozes the glucose alarms.'),
  pluginVariable('treatmentnotify', 'INCLUDE_BOLUSES_OVER', '0', 'Boluses under this (U) raise no notice.'),
  pluginVariable('timeago', 'ENABLE_ALERTS', off, 'Let the server raise the stale-data alarms (`ALARM_TIMEAGO_*`).'),
  pluginVariable('rawbg', 'DISPLAY', 'unsmoothed', '`unsmoothed`, `unfiltered` or `filtered` raw glucose.'),
];
