import { ObjectId } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { DeleteDocumentsCommand } from '../src/writes';
import { clientsPerSuite, type Json } from './support/library-clients';
import { ADMIN_HEADERS } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';


describe('API v1 treatments: uploads from Loop, Trio, AndroidAPS and the careportal', () => {
  const server = serverPerSuite();
  // Refusals and exact statuses: raw requests.
  const send = (method: string, body: unknown) => server.fetch('/api/v1/treatments', { method, headers: ADMIN_HEADERS, json: body });
  // Uploads and queries that expect success: the library.
  const { uploader, follower } = clientsPerSuite(server);
  const upload = (body: Record<string, unknown> | Record<string, unknown>[]) => uploader().rest.v1.create('treatments', body);
  const find = (query: string) => follower().rest.get<Json>(`/api/v1/treatments.json?${query}`);
  const recent = (minutesAgo: number) => new Date(Date.now() - minutesAgo * 60_000).toISOString();

  it('stores a Loop carb upload with syncIdentifier once, however often it is sent', async () => {
    const loop = { eventType: 'Carb Correction', carbs: 25, absorptionTime: 180, created_at: recent(30), enteredBy: 'loop://iPhone', syncIdentifier: randomUUID() };
    const [stored] = await upload([loop]);
    expect(stored).toMatchObject({ eventType: 'Carb Correction', carbs: 25, syncIdentifier: loop.syncIdentifier, utcOffset: 0 });
    await upload([loop]);
    await upload([{ ...loop, carbs: 30 }]);
    const found = await find(`find[syncIdentifier]=${loop.syncIdentifier}`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({ _id: stored._id, carbs: 30 });
    // The identical re-send changes nothing; the changed one replaces the stored treatment.
    expect(server.events.map((e) => [e.operation, e.entryPoint])).toEqual([['create', 'api-v1'], ['update', 'api-v1']]);
  });

  it('deduplicates AndroidAPS uploads by NSCLIENT_ID even when created_at moved', async () => {
    const aaps = { eventType: 'Correction Bolus', insulin: 1.5, created_at: recent(40), enteredBy: 'AndroidAPS', NSCLIENT_ID: `aaps-${Date.now()}` };
    await upload(aaps);
    await upload({ ...aaps, created_at: recent(41), insulin: 1.6 });
    const found = await find(`find[NSCLIENT_ID]=${aaps.NSCLIENT_ID}`);
    expect(found).toHaveLength(1);
    expect(found[0].insulin).toBe(1.6);
  });

  it('keeps a Trio UUID _id as identifier and matches it on re-upload', async () => {
    const id = randomUUID();
    const trio = { _id: id, eventType: 'Temp Basal', duration: 30, absolute: 0.5, rate: 0.5, created_at: recent(50), enteredBy: 'Trio' };
    const [stored] = await upload([trio]);
    expect(stored.identifier).toBe(id);
    expect(stored._id).not.toBe(id);
    await upload([{ ...trio, rate: 0.6 }]);
    const found = await find(`find[_id]=${id}`);
    expect(found).toHaveLength(1);
    expect(found[0].rate).toBe(0.6);
  });

  it('normalises a form-encoded careportal post: numbers, created_at, utcOffset and the pre-bolus split', async () => {
    // A form-encoded body, as the careportal posts it: a raw request.
    const form = new URLSearchParams({
      enteredBy: 'Mom', eventType: 'Meal Bolus', glucose: '123', glucoseType: 'Finger', carbs: '30', insulin: '2.5',
      preBolus: '15', notes: 'lunch', units: 'mg/dl', created_at: '2024-05-01T14:00:00.000+02:00', percent: '0', targetTop: '', duration: '',
    });
    const res = await server.fetch('/api/v1/treatments', { method: 'POST', headers: ADMIN_HEADERS, body: form });
    expect(res.status).toBe(200);
    const [main, carbs] = await res.json();
    expect(main).toMatchObject({ eventType: 'Meal Bolus', insulin: 2.5, glucose: 123, preBolus: 15, created_at: '2024-05-01T12:00:00.000Z', utcOffset: 120 });
    expect(main).not.toHaveProperty('carbs');
    expect(main).not.toHaveProperty('percent');
    expect(main).not.toHaveProperty('targetTop');
    expect(main.duration).toBe(0);
    expect(carbs).toMatchObject({ eventType: 'Meal Bolus', carbs: 30, notes: 'lunch', created_at: '2024-05-01T12:15:00.000Z' });
    expect(server.events).toHaveLength(1);
    expect(server.events[0].documents).toHaveLength(2);
  });

  it('dedups on created_at + eventType when nothing else identifies the treatment', async () => {
    const note = { eventType: 'Note', notes: 'dedup me', created_at: recent(60) };
    await upload(note);
    await upload(note);
    expect(await find('find[notes]=dedup me')).toHaveLength(1);
  });

  it('always returns carbs and insulin, null when absent, newest first', async () => {
    const found = await find('find[eventType]=Temp Basal');
    expect(found[0]).toMatchObject({ carbs: null, insulin: null });
    const all = await find('count=100');
    const times = all.map((t: { created_at: string }) => t.created_at);
    expect(times).toEqual([...times].sort().reverse());
  });

  it('filters with find[created_at][$gte], converting dates and refusing invalid ones', async () => {
    const since = recent(45);
    const found = await find(`find[created_at][$gte]=${since}`);
    expect(found.length).toBeGreaterThan(0);
    expect(found.every((t: { created_at: string }) => t.created_at >= since)).toBe(true);
    const offset = await find(`find[created_at][$gte]=${encodeURIComponent('2024-05-01T13:00:00+02:00')}&find[created_at][$lte]=2024-05-01T12:00:00Z`);
    expect(offset.map((t: { eventType: string }) => t.eventType)).toEqual(['Meal Bolus']);
    const bad = await server.fetch('/api/v1/treatments.json?find[created_at][$gte]=yesterday-ish');
    expect(bad.status).toBe(400);
    expect((await bad.json()).description).toMatch(/not a valid date/);
  });

  it('matches /pattern/ values on notes and eventType as regular expressions', async () => {
    expect((await find('find[eventType]=/^Carb/')).map((t: { eventType: string }) => t.eventType)).toEqual(['Carb Correction']);
  });

  it('updates with PUT, keeping the _id, as one update event', async () => {
    const [stored] = await find('find[notes]=dedup me');
    expect(await uploader().rest.v1.update('treatments', { ...stored, notes: 'edited', created_at: stored.created_at })).toMatchObject({ _id: stored._id, notes: 'edited' });
    expect(server.events.map((e) => [e.operation, e.entryPoint])).toEqual([['update', 'api-v1']]);
  });

  it('deletes by id (404 when unknown) and by find, never without a filter', async () => {
    const [stored] = await find('find[notes]=edited');
    expect(await uploader().rest.v1.remove('treatments', stored._id)).toEqual({ acknowledged: true, deletedCount: 1 });
    expect((await server.fetch(`/api/v1/treatments/${stored._id}`, { method: 'DELETE', headers: ADMIN_HEADERS })).status).toBe(404);
    expect((await server.fetch('/api/v1/treatments', { method: 'DELETE', headers: ADMIN_HEADERS })).status).toBe(400);
    expect((await server.fetch('/api/v1/treatments/*', { method: 'DELETE', headers: ADMIN_HEADERS })).status).toBe(400);
    expect(await uploader().rest.delete('/api/v1/treatments/*', { 'find[eventType]': 'Temp Basal' })).toEqual({ acknowledged: true, deletedCount: 1 });
    expect(await find('find[eventType]=Temp Basal')).toEqual([]);
  });

  it('does not show documents soft-deleted through the commands (v3)', async () => {
    const [stored] = await find('find[eventType]=Carb Correction');
    await server.commands.execute(new DeleteDocumentsCommand('treatments', { _id: new ObjectId(stored._id as string) }, 'api-v3', { permanent: false }));
    expect(await find('find[eventType]=Carb Correction')).toEqual([]);
  });

  it.each([
    ['a non-numeric insulin', { eventType: 'Bolus', insulin: 'lots' }],
    ['a nested operator', { eventType: 'Bolus', boluscalc: { $where: 'x' } }],
    ['an array of non-objects', [1, 2]],
  ])('rejects %s with a 400', async (_name, body) => {
    const res = await send('POST', body);
    expect(res.status).toBe(400);
    expect((await res.json()).message).toBe('Bad request body');
  });
});
