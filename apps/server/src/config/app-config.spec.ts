import { loadConfig } from './app-config';

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

  it.each([
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
