import { CreateDocumentsCommand } from '../src/writes';
import type { NightscoutClient } from '@nightscout/client';
import { clientOf, closeLibraryClients, type Json } from './support/library-clients';
import { createSubject } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';

const MIN = 60_000;
const ENV = { AUTH_DEFAULT_ROLES: 'denied', ENABLE: 'careportal iob cob bwp bage pump rawbg', DISPLAY_UNITS: 'mg/dl' };

describe('follower endpoints: /api/v2/properties, /pebble, /api/v2/ddata/at', () => {
  const server = serverPerSuite(ENV);
  let token: string;
  let nightguard: NightscoutClient;
  const now = Date.now();
  const at = (minutesAgo: number) => now - minutesAgo * MIN;
  const iso = (minutesAgo: number) => new Date(at(minutesAgo)).toISOString();

  beforeAll(async () => {
    token = await createSubject(server, 'nightguard', ['readable']);
    nightguard = clientOf(server, { token });
    const write = (collection: 'entries' | 'treatments' | 'devicestatus' | 'profile', docs: Record<string, unknown>[]) =>
      server.commands.execute(new CreateDocumentsCommand(collection, docs.map((doc) => ({ doc })), 'api-v1'));
    await write('profile', [{ defaultProfile: 'Default', startDate: '2024-01-01T00:00:00.000Z', store: { Default: { dia: 3, sens: 50, carbratio: 10, carbs_hr: 30, target_low: 100, target_high: 120, basal: 0.8, timezone: 'UTC' } } }]);
    await write('entries', [
      { type: 'sgv', sgv: 150, date: at(10), direction: 'Flat', filtered: 150000, unfiltered: 151000, noise: 1, device: 'xdrip' },
      { type: 'sgv', sgv: 160, date: at(5), direction: 'FortyFiveUp', device: 'xdrip' },
      { type: 'sgv', sgv: 170, date: at(0), direction: 'FortyFiveUp', filtered: 170000, unfiltered: 172000, noise: 1, device: 'xdrip' },
      { type: 'cal', date: at(600), scale: 1, intercept: 30000, slope: 900 },
      { type: 'sgv', sgv: 100, date: at(6 * 60), direction: 'Flat', device: 'xdrip' },
      { type: 'sgv', sgv: 105, date: at(6 * 60 - 5), direction: 'Flat', device: 'xdrip' },
    ]);
    await write('treatments', [
      { eventType: 'Meal Bolus', insulin: 2, carbs: 30, created_at: iso(20) },
      { eventType: 'Pump Battery Change', created_at: iso(50 * 60) },
    ]);
    await write('devicestatus', [{ device: 'xdrip', uploader: { battery: 64 }, created_at: iso(1) }, { device: 'openaps://rig', pump: { reservoir: 42, clock: iso(2), battery: { percent: 80 } }, created_at: iso(2) }]);
  });

  afterAll(closeLibraryClients);

  /** A follower's poll through the library (the access token's JWT as Bearer). */
  const get = (path: string) => nightguard.rest.get<Json>(path);

  it('GET /api/v2/properties gives every enabled plugin property in the reference shape', async () => {
    const props = await get('/api/v2/properties');
    expect(Object.keys(props)).toEqual(['bgnow', 'delta', 'buckets', 'rawbg', 'direction', 'upbat', 'ar2', 'iob', 'cob', 'pump', 'bwp', 'bage', 'timeago', 'basal', 'dbsize', 'runtimestate']);
    expect(props.bgnow).toMatchObject({ mean: 170, last: 170, mills: at(0), sgvs: [expect.objectContaining({ mgdl: 170, scaled: 170 })] });
    expect(props.delta).toMatchObject({ mgdl: 10, display: '+10' });
    expect(props.direction).toMatchObject({ value: 'FortyFiveUp', label: '↗' });
    expect(props.iob).toMatchObject({ source: 'Care Portal', display: expect.stringMatching(/^1\.\d\d$/), displayLine: expect.stringMatching(/^IOB: /) });
    expect(props.cob).toMatchObject({ source: 'Care Portal', cob: expect.any(Number), displayLine: expect.stringMatching(/^COB: \d+(\.\d)?g$/) });
    expect(props.bage).toMatchObject({ found: true, age: 50, display: '2d2h' });
    expect(props.pump.data).toMatchObject({ reservoir: { value: 42, display: '42.0U' }, battery: { value: 80, display: '80%' } });
    expect(props.upbat).toMatchObject({ display: '64%' });
    expect(props.ar2.forecast.predicted).toHaveLength(6);
    expect(props.basal).toMatchObject({ display: '0.800U' });
    expect(props.rawbg).toMatchObject({ noiseLabel: 'Clean', displayLine: expect.stringMatching(/^Raw BG: \d+ mg\/dl Clean$/) });
    expect(props.runtimestate).toEqual({ state: 'loaded' });
  });

  it('GET /api/v2/properties/iob,cob,bage picks those; unknown names are ignored; ?pretty indents', async () => {
    expect(Object.keys(await get('/api/v2/properties/iob,cob,bage,__proto__,nothing'))).toEqual(['iob', 'cob', 'bage']);
    const res = await server.fetch(`/api/v2/properties/delta?pretty=true&token=${token}`);
    expect(await res.text()).toMatch(/^\{\n {2}"delta": \{/);
  });

  it('needs entries and treatments read', async () => {
    // Refusals with their exact status: raw requests.
    expect((await server.fetch('/api/v2/properties')).status).toBe(401);
    expect((await server.fetch('/pebble')).status).toBe(401);
    expect((await server.fetch('/api/v2/ddata/at')).status).toBe(401);
    const uploaderOnly = await createSubject(server, 'uploader', ['devicestatus-upload']);
    expect((await server.fetch(`/api/v2/properties?token=${uploaderOnly}`)).status).toBe(401);
  });

  it('GET /pebble gives count readings, the first with delta, battery, iob, bwp and cob; raw values with rawbg', async () => {
    const body = await get('/pebble?count=2');
    expect(body.status).toEqual([{ now: expect.any(Number) }]);
    expect(body.bgs).toHaveLength(2);
    expect(body.bgs[0]).toMatchObject({ sgv: '170', trend: 3, direction: 'FortyFiveUp', datetime: at(0), bgdelta: 10, battery: '64', iob: expect.stringMatching(/^1\.\d\d$/), bwp: expect.any(String), bwpo: expect.any(Number), cob: expect.any(Number), filtered: 170000, unfiltered: 172000, noise: 1 });
    expect(body.bgs[1]).toEqual({ sgv: '160', trend: 3, direction: 'FortyFiveUp', datetime: at(5) });
    expect(body.cals).toEqual([{ scale: 1, intercept: 30000, slope: 900 }]);
    const mmol = await get('/pebble.json?units=mmol');
    expect(mmol.bgs).toHaveLength(1);
    expect(mmol.bgs[0]).toMatchObject({ sgv: '9.4', bgdelta: '0.5' });
  });

  it('GET /api/v2/ddata/at gives the data set now, and as it was at a past time', async () => {
    const current = await get('/api/v2/ddata/at');
    expect(current).toMatchObject({ lastUpdated: expect.any(Number), dbstats: expect.any(Object), activity: [] });
    expect(current.sgvs.map((s: { mgdl: number }) => s.mgdl)).toEqual([100, 105, 150, 160, 170]);
    expect(current.batteryTreatments).toEqual([expect.objectContaining({ eventType: 'Pump Battery Change' })]);
    expect(current.profiles).toHaveLength(1);
    const past = await get(`/api/v2/ddata/at/${new Date(at(6 * 60 - 3)).toISOString()}`);
    expect(past.lastUpdated).toBe(at(6 * 60 - 3));
    expect(past.sgvs.map((s: { mgdl: number }) => s.mgdl)).toEqual([100]);
    expect(past.treatments.map((t: { eventType: string }) => t.eventType)).toEqual(['Pump Battery Change']);
    expect((await get(`/api/v2/ddata/at/${at(6 * 60 - 6)}`)).sgvs.map((s: { mgdl: number }) => s.mgdl)).toEqual([100, 105]);
    expect((await server.fetch(`/api/v2/ddata/at/yesterday?token=${token}`)).status).toBe(400);
  });
});
