import { ADMIN_HEADERS } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';

/** Requests the reference answered with a 500, a crash, or by running them; each must be a 4xx with a JSON message. */
const BAD_REQUESTS: [string, string, unknown?][] = [
  ['GET', '/api/v1/entries.json?find[date][$gte]=yesterday'],
  ['GET', '/api/v1/treatments.json?find[created_at][$gte]=not-a-date'],
  ['GET', '/api/v1/devicestatus.json?find[created_at]=2024-13-45'],
  ['GET', '/api/v1/entries.json?find[$where]=1'],
  ['GET', '/api/v1/entries.json?find[sgv][$where]=1'],
  ['GET', '/api/v1/treatments.json?find[notes][$regex]=(unclosed'],
  ['GET', '/api/v1/treatments.json?find[_id][$gt]=a'],
  ['GET', '/api/v1/entries.json?find=text'],
  ['GET', '/api/v1/entries.json?count=abc'],
  ['GET', '/api/v1/entries.json?count[x]=1'],
  ['GET', '/api/v1/entries.json?sort=date'],
  ['GET', '/api/v1/profiles.json?sort[startDate][x]=1'],
  ['GET', '/api/v1/count/entries/where?pipeline[0][$match][x]=1'],
  ['GET', '/api/v1/count/nothing/where'],
  ['GET', '/api/v1/echo/users'],
  ['GET', '/api/v1/slice/entries/$where/sgv/1'],
  ['GET', '/api/v1/times/{1..100000}'],
  ['GET', '/api/v1/entries/0123456789abcdef01234567.json'],
  ['DELETE', '/api/v1/entries'],
  ['DELETE', '/api/v1/treatments/*'],
  ['DELETE', '/api/v1/devicestatus'],
  ['DELETE', '/api/v1/devicestatus/not-an-id'],
  ['DELETE', '/api/v1/treatments/0123456789abcdef01234567'],
  ['DELETE', '/api/v1/food/xyz'],
  ['DELETE', '/api/v1/activity/0123456789abcdef01234567'],
  ['POST', '/api/v1/treatments', 'just a string'],
  ['POST', '/api/v1/treatments', [null]],
  ['POST', '/api/v1/treatments', { eventType: 'Note', created_at: { $gt: '' } }],
  ['POST', '/api/v1/treatments', { eventType: 'Note', 'a.b': 1 }],
  ['POST', '/api/v1/entries', [{ sgv: { $gt: 1 }, date: 1 }]],
  ['POST', '/api/v1/devicestatus', [{ _id: 12 }]],
  ['POST', '/api/v1/profile', { _id: 'abc' }],
  ['PUT', '/api/v1/profile', [{}]],
  ['PUT', '/api/v1/treatments', []],
  ['PUT', '/api/v1/food', { _id: 'abc' }],
  ['POST', '/api/v1/food', { hidden: 'maybe' }],
];

describe('API v1 bad input gets a 4xx with a JSON message, never a 500', () => {
  const server = serverPerSuite();
  // Rows padded to three values: with fewer, jest would pass its `done` callback as `body`.
  it.each(BAD_REQUESTS.map(([method, path, body]) => [method, path, body] as const))('%s %s', async (method, path, body) => {
    const res = await server.fetch(path, { method, headers: ADMIN_HEADERS, json: body });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    const json = await res.json();
    expect(json).toMatchObject({ status: res.status, message: expect.any(String) });
    expect(JSON.stringify(json)).not.toMatch(/at .*\.[jt]s:\d+/);
    expect(server.events).toEqual([]);
  });
});
