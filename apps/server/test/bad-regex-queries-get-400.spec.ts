import { CreateDocumentsCommand } from '../src/writes';
import { REFUSED_PATTERNS, RUNNABLE_PATTERNS } from './support/regex-cases';
import { ADMIN_HEADERS } from './support/subjects';
import { startV3, type V3Client } from './support/v3-client';

describe('regular expressions the database cannot run get a 400 that names the parameter', () => {
  let c: V3Client;
  const v1 = (query: string) => c.server.fetch(`/api/v1/entries.json?${query}`, { headers: ADMIN_HEADERS });
  const v3 = (query: string) => c.call(c.admin, `/entries?${query}`);
  const q = encodeURIComponent;

  beforeAll(async () => {
    c = await startV3({ RATE_LIMIT_READ_PER_MIN: '0' });
    await c.server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { device: 'xDrip-a', type: 'sgv', sgv: 100, date: Date.now() } }], 'api-v1'));
  });
  afterAll(() => c.server.close());

  it.each(REFUSED_PATTERNS)('v1 find[device][$regex]=%s → 400 (%s)', async (pattern, reason) => {
    const res = await v1(`find[device][$regex]=${q(pattern)}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body).toMatchObject({ status: 400, message: 'Bad query' });
    expect(body.description).toMatch(/^find\[device\]\[\$regex\]: /);
    expect(body.description).toMatch(reason);
  });

  it.each(REFUSED_PATTERNS)('v3 device$re=%s → 400 (%s)', async (pattern, reason) => {
    const res = await v3(`device$re=${q(pattern)}`);
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.status).toBe(400);
    expect(body.message).toMatch(/^Parameter device\$re: /);
    expect(body.message).toMatch(reason);
  });

  it('refuses the same on treatment /pattern/ values and /times path patterns', async () => {
    const literal = await c.server.fetch(`/api/v1/treatments.json?find[notes]=${q('/(?=a)/')}`, { headers: ADMIN_HEADERS });
    expect(literal.status).toBe(400);
    expect((await literal.json()).description).toMatch(/^find\[notes\]: lookaround/);
    const times = await c.server.fetch(`/api/v1/times/2024/${q('(a)\\1')}`, { headers: ADMIN_HEADERS });
    expect(times.status).toBe(400);
    expect((await times.json()).description).toMatch(/back-references/);
  });

  it.each(RUNNABLE_PATTERNS)('%s runs on the database through v1 and v3', async (pattern) => {
    expect((await v1(`find[device][$regex]=${q(pattern)}`)).status).toBe(200);
    expect((await v3(`device$re=${q(pattern)}`)).status).toBe(200);
  });

  it('finds what the pattern matches', async () => {
    expect(await (await v1(`find[device][$regex]=${q('^xDrip')}`)).json()).toHaveLength(1);
    expect((await (await v3(`device$re=${q('^xDrip')}`)).json()).result).toHaveLength(1);
  });
});
