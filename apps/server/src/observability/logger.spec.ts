import { Writable } from 'node:stream';
import { createLogger, PinoNestLogger, redactUrl } from './logger';

/** A logger writing JSON records into an array. */
function capture(level: 'info' | 'debug' = 'info') {
  const records: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      for (const line of String(chunk).split('\n').filter(Boolean)) records.push(JSON.parse(line));
      done();
    },
  });
  return { records, logger: createLogger({ logLevel: level, logFormat: 'json' }, stream) };
}

describe('redactUrl', () => {
  it.each([
    ['/api/v1/entries.json?count=10', '/api/v1/entries.json?count=10'],
    ['/api/v1/entries.json?token=abc-123&count=1', '/api/v1/entries.json?token=[redacted]&count=1'],
    ['/api/v1/verifyauth?secret=b723e97a', '/api/v1/verifyauth?secret=[redacted]'],
    ['/api/v1/treatments?API-SECRET=x&api_secret=y', '/api/v1/treatments?API-SECRET=[redacted]&api_secret=[redacted]'],
    ['/api/v1/status?Authorization=Bearer%20x', '/api/v1/status?Authorization=[redacted]'],
    ['/api/v1/status?%73ecret=x', '/api/v1/status?%73ecret=[redacted]'],
    ['/api/v1/status?secret[x]=1', '/api/v1/status?secret[x]=[redacted]'],
    ['/api/v2/authorization/request/abc-123?x=1', '/api/v2/authorization/request/[redacted]?x=1'],
    ['/?token=abc', '/?token=[redacted]'],
  ])('%s → %s', (url, redacted) => expect(redactUrl(url)).toBe(redacted));
});

describe('PinoNestLogger', () => {
  it("writes Nest's messages with their context, and its start-up chatter (modules, routes) at debug", () => {
    const { records, logger } = capture();
    const nest = new PinoNestLogger(logger);
    nest.log('Mapped {/api/v1/entries, GET} route', 'RouterExplorer');
    nest.log('AppModule dependencies initialized', 'InstanceLoader');
    nest.warn('no web app build', 'Web');
    nest.error('boom', 'Error: boom\n    at x', 'HTTP');
    expect(records).toEqual([
      expect.objectContaining({ level: 40, context: 'Web', msg: 'no web app build' }),
      expect.objectContaining({ level: 50, context: 'HTTP', msg: 'boom', stack: 'Error: boom\n    at x' }),
    ]);
  });

  it('shows the start-up chatter at LOG_LEVEL=debug', () => {
    const { records, logger } = capture('debug');
    new PinoNestLogger(logger).log('Mapped {/api/v1/entries, GET} route', 'RouterExplorer');
    expect(records).toEqual([expect.objectContaining({ level: 20, context: 'RouterExplorer' })]);
  });
});
