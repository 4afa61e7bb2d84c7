import { loadConfig, secretEntropyBits } from './app-config';
import { camelCase } from './extended-settings';

describe('loadConfig', () => {
  it('applies Nightscout defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(1337);
    expect(config.thresholds).toEqual({ bgHigh: 260, bgTargetTop: 180, bgTargetBottom: 80, bgLow: 55 });
    expect(config.authDefaultRoles).toEqual(['readable']);
    expect(config.collections.entries).toBe('entries');
    expect(config.enable).toContain('careportal');
    expect(config.insecureUseHttp).toBe(false);
  });

  it('reads Azure, upper- and lower-case names, trimmed, and collection overrides', () => {
    const config = loadConfig({ CUSTOMCONNSTR_mongo: ' mongodb://db/ns ', display_units: 'mmol', MONGO_COLLECTION: 'sgv', MONGO_TREATMENTS_COLLECTION: 't2' });
    expect(config.mongoUri).toBe('mongodb://db/ns');
    expect(config.displayUnits).toBe('mmol');
    expect(config.collections.entries).toBe('sgv');
    expect(config.collections.treatments).toBe('t2');
  });

  it('hashes the API secret once and splits the default roles', () => {
    const config = loadConfig({ API_SECRET: 'this is my long pass phrase', AUTH_DEFAULT_ROLES: 'denied, status-only', TREATMENTS_AUTH: 'off' });
    expect(config.apiSecret?.sha1).toBe('b723e97aa97846eb92d5264f084b2823f57c4aa1');
    expect(config.authDefaultRoles).toEqual(['denied', 'status-only', 'careportal']);
  });

  it('reads rate limits, proxy trust, Redis and CORS settings', () => {
    expect(loadConfig({}).rateLimits).toEqual({ readPerMin: 600, writePerMin: 120, socketWritesPer10s: 20, socketReadsPer10s: 100, handshakesPerMin: 60, floodRejections: 100 });
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({}).corsAllowOrigin).toBe('*');
    const config = loadConfig({ RATE_LIMIT_WRITE_PER_MIN: '0', TRUST_PROXY: '10.0.0.0/8, ::1', REDIS_URL: 'redis://127.0.0.1:6379', CORS_ALLOW_ORIGIN: 'https://a.example' });
    expect(config.rateLimits.writePerMin).toBe(0);
    expect(config.trustProxy).toEqual(['10.0.0.0/8', '::1']);
    expect(config.redisUrl).toBe('redis://127.0.0.1:6379');
    expect(config.corsAllowOrigin).toBe('https://a.example');
    expect(loadConfig({ TRUST_PROXY: '2' }).trustProxy).toBe(2);
    expect(loadConfig({ TRUST_PROXY: 'off' }).trustProxy).toBe(false);
  });

  it('reads the display settings with the reference names and defaults', () => {
    const defaults = loadConfig({}).settings;
    expect(defaults).toMatchObject({ timeFormat: 12, dayStart: 7, dayEnd: 21, nightMode: false, editMode: true, showRawbg: 'never', customTitle: 'Nightscout', theme: 'default' });
    expect(defaults).toMatchObject({ alarmUrgentHighMins: [30, 60, 90, 120], alarmLowMins: [15, 30, 45, 60], alarmUrgentLowMins: [15, 30, 45], alarmTimeagoWarnMins: 15, alarmTimeagoUrgentMins: 30 });
    expect(defaults).toMatchObject({ language: 'en', scaleY: 'log', showPlugins: 'dbsize', showForecast: 'ar2', authenticationPromptOnLoad: false, adminNotifiesEnabled: true });
    expect(defaults.frameUrls).toEqual(Array(8).fill(''));
    const set = loadConfig({
      TIME_FORMAT: '24', DAY_START: '6,5', NIGHT_MODE: 'on', EDIT_MODE: 'off', SHOW_RAWBG: 'noise', CUSTOM_TITLE: 'Emma', THEME: 'colors',
      ALARM_HIGH: 'off', ALARM_HIGH_MINS: '10 20', ALARM_TIMEAGO_URGENT: 'false', LANGUAGE: 'de', SCALE_Y: 'linear', SHOW_PLUGINS: 'careportal iob',
      AUTHENTICATION_PROMPT_ON_LOAD: 'true', FRAME_URL_1: 'https://a.example/', FRAME_NAME_1: 'Emma', FRAME_URL3: '/clock',
    }).settings;
    expect(set).toMatchObject({ timeFormat: 24, dayStart: 6.5, nightMode: true, editMode: false, showRawbg: 'noise', customTitle: 'Emma', theme: 'colors' });
    expect(set).toMatchObject({ alarmHigh: false, alarmHighMins: [10, 20], alarmTimeagoUrgent: false, language: 'de', scaleY: 'linear', showPlugins: 'careportal iob', authenticationPromptOnLoad: true });
    expect(set.frameUrls.slice(0, 3)).toEqual(['https://a.example/', '', '/clock']);
    expect(set.frameNames[0]).toBe('Emma');
  });

  it('enables the reference default features, treatmentnotify with careportal, and ar2 or simplealarms by ALARM_TYPES', () => {
    const plain = loadConfig({});
    expect(plain.alarmTypes).toEqual(['predict']);
    expect(plain.enable).toEqual(['bgnow', 'delta', 'direction', 'timeago', 'devicestatus', 'upbat', 'errorcodes', 'profile', 'bolus', 'dbsize', 'runtimestate', 'basal', 'careportal', 'ar2']);
    const thresholds = loadConfig({ BG_HIGH: '250', ENABLE: 'careportal iob cob' });
    expect(thresholds.alarmTypes).toEqual(['simple']);
    expect(thresholds.enable.slice(0, 4)).toEqual(['careportal', 'iob', 'cob', 'treatmentnotify']);
    expect(thresholds.enable).toContain('simplealarms');
    expect(thresholds.enable).not.toContain('ar2');
    const both = loadConfig({ ALARM_TYPES: 'simple predict', DISABLE: 'upbat', PUSHOVER_API_TOKEN: 'x', OBSCURED: 'iob' });
    expect(both.alarmTypes).toEqual(['simple', 'predict']);
    expect(both.enable).toEqual(expect.arrayContaining(['pushover', 'treatmentnotify', 'simplealarms', 'ar2']));
    expect(both.enable).not.toContain('upbat');
    expect(both.obscured).toEqual(['iob']);
    expect(loadConfig({ ALARM_TYPES: 'nonsense', BG_LOW: '60' }).alarmTypes).toEqual(['simple']);
  });

  it('reads extended settings of enabled plugins, typed as the reference does', () => {
    const config = loadConfig({ ENABLE: 'bage pump', BAGE_WARN: '300', bage_enable_alerts: 'on', PUMP_WARN_BATT_P: '25', CUSTOMCONNSTR_PUMP_FIELDS: 'reservoir battery', IAGE_WARN: '10', DEVICESTATUS_ADVANCED: 'false', BASAL_RENDER: 'icicle' });
    expect({ ...config.extendedSettings.get('bage') }).toEqual({ warn: 300, enableAlerts: true });
    expect({ ...config.extendedSettings.get('pump') }).toEqual({ warnBattP: 25, fields: 'reservoir battery' });
    expect(config.extendedSettings.get('iage')).toBeUndefined();
    expect({ ...config.extendedSettings.get('devicestatus') }).toEqual({ advanced: false, days: 1 });
    expect({ ...config.extendedSettings.get('basal') }).toEqual({ render: 'icicle' });
    expect(['ENABLE_ALERTS', 'WARN_BATT_P', 'RENDER_FORMAT_SMALL', 'STATE_NOTIFY_INTRVL2'].map(camelCase)).toEqual(['enableAlerts', 'warnBattP', 'renderFormatSmall', 'stateNotifyIntrvl2']);
  });

  it('converts mmol/l thresholds to mg/dl only when they cannot be mg/dl', () => {
    expect(loadConfig({ DISPLAY_UNITS: 'mmol', BG_HIGH: '14', BG_TARGET_TOP: '10', BG_TARGET_BOTTOM: '4', BG_LOW: '3' }).thresholds).toEqual({ bgHigh: 252, bgTargetTop: 180, bgTargetBottom: 72, bgLow: 54 });
    expect(loadConfig({ DISPLAY_UNITS: 'mmol', BG_HIGH: '250' }).thresholds.bgHigh).toBe(250);
  });

  it('estimates the API secret strength and spots a reused database password', () => {
    expect(secretEntropyBits('aaaaaaaaaaaa')).toBe(56);
    expect(secretEntropyBits('this is my long pass phrase')).toBe(159);
    expect(loadConfig({ API_SECRET: 'aaaaaaaaaaaa' }).apiSecret?.entropyBits).toBeLessThan(60);
    expect(loadConfig({ API_SECRET: 'sup3r-s3cret-Pass', MONGODB_URI: 'mongodb://ns:sup3r-s3cret-Pass@db/ns' }).apiSecret?.isDatabasePassword).toBe(true);
    expect(loadConfig({ API_SECRET: 'sup3r-s3cret-Pass', MONGODB_URI: 'mongodb://ns:other@db/ns' }).apiSecret?.isDatabasePassword).toBe(false);
  });

  it.each([
    [{ TIME_FORMAT: '13' }, /TIME_FORMAT must be one of 12, 24/],
    [{ DAY_START: '25' }, /DAY_START must be an hour from 0 to 24/],
    [{ NIGHT_MODE: 'sometimes' }, /NIGHT_MODE must be true or false/],
    [{ SHOW_RAWBG: 'yes' }, /SHOW_RAWBG must be one of never, always, noise/],
    [{ THEME: 'pink' }, /THEME must be one of/],
    [{ SCALE_Y: 'cubic' }, /SCALE_Y must be one of log, linear, log-dynamic/],
    [{ ALARM_LOW_MINS: '15 abc' }, /ALARM_LOW_MINS must be minutes/],
    [{ LANGUAGE: '<script>' }, /LANGUAGE must be a language code/],
    [{ FRAME_URL_2: 'javascript:alert(1)' }, /FRAME_URL_2 must be an http\(s\) URL/],
    [{ FRAME_URL4: '//evil.example' }, /FRAME_URL4 must be an http\(s\) URL/],
    [{ RATE_LIMIT_READ_PER_MIN: '-1' }, /RATE_LIMIT_READ_PER_MIN must be a whole number/],
    [{ RATE_LIMIT_SOCKET_WRITES_PER_10S: '2.5' }, /RATE_LIMIT_SOCKET_WRITES_PER_10S must be a whole number/],
    [{ RATE_LIMIT_FLOOD_REJECTIONS: '0' }, /RATE_LIMIT_FLOOD_REJECTIONS must be a whole number from 1/],
    [{ TRUST_PROXY: 'true' }, /TRUST_PROXY must be a hop count or a comma list/],
    [{ TRUST_PROXY: '10.0.0.0/33' }, /TRUST_PROXY must be .* \(got "10.0.0.0\/33"\)/],
    [{ REDIS_URL: 'localhost:6379' }, /REDIS_URL must be a redis:\/\//],
    [{ API_SECRET: 'short' }, /API_SECRET must be at least 12 characters/],
    [{ PORT: 'abc' }, /PORT must be a port number/],
    [{ BG_HIGH: 'x' }, /BG_HIGH must be a positive glucose value/],
    [{ BG_LOW: '200' }, /BG_LOW, BG_TARGET_BOTTOM, BG_TARGET_TOP, BG_HIGH must increase/],
    [{ DISPLAY_UNITS: 'furlongs' }, /DISPLAY_UNITS must be mg\/dl or mmol/],
    [{ INSECURE_USE_HTTP: 'maybe' }, /INSECURE_USE_HTTP must be true or false/],
    [{ ALARM_TIMEAGO_WARN_MINS: '-1' }, /ALARM_TIMEAGO_WARN_MINS must be a positive number/],
    [{ ALARM_TIMEAGO_WARN_MINS: '40' }, /ALARM_TIMEAGO_URGENT_MINS must not be less/],
    [{ MONGODB_URI: 'postgres://x' }, /MONGODB_URI must be a mongodb:\/\//],
    [{ MONGO_FOOD_COLLECTION: '$bad' }, /MONGO_FOOD_COLLECTION must be a valid collection name/],
  ])('rejects %j with a message naming the variable', (env, message) => {
    expect(() => loadConfig(env)).toThrow(message);
  });
});
