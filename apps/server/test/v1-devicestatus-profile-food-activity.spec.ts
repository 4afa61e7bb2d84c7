import { clientOf, clientsPerSuite, type Json } from './support/library-clients';
import { ADMIN_HEADERS, createSubject } from './support/subjects';
import { serverPerSuite } from './support/v1-helpers';


describe('API v1 device status, profile, food and activity', () => {
  const server = serverPerSuite();
  // Refusals and exact statuses: raw requests.
  const send = (method: string, path: string, body?: unknown) => server.fetch(path, { method, headers: ADMIN_HEADERS, json: body });
  // What expects success: the library, as the uploader (API secret) and as a follower without credentials.
  const { uploader, follower } = clientsPerSuite(server);
  const v1 = () => uploader().rest.v1;
  const get = (path: string) => follower().rest.get<Json>(path);
  const deleteWhere = (path: string, query: Record<string, string>) => uploader().rest.delete<Json>(path, query);

  describe('device status', () => {
    const openaps = (minutesAgo: number) => ({
      device: 'openaps://rig',
      created_at: new Date(Date.now() - minutesAgo * 60_000).toISOString(),
      openaps: { suggested: { bg: 120, predBGs: { IOB: Array.from({ length: 400 }, (_, i) => 100 + (i % 50)) } }, iob: { iob: 1.2 } },
      pump: { reservoir: 100 },
    });

    it('stores an openaps upload, truncating predictions to 288, with one create event', async () => {
      const [stored] = (await v1().create('devicestatus', openaps(5))) as Json[];
      expect(stored.openaps.suggested.predBGs.IOB).toHaveLength(288);
      expect(stored).toMatchObject({ device: 'openaps://rig', utcOffset: 0 });
      expect(server.events.map((e) => [e.collection, e.operation, e.entryPoint])).toEqual([['devicestatus', 'create', 'api-v1']]);
    });

    it('stores a Loop upload array and never deduplicates', async () => {
      const loop = { device: 'loop://iPhone', created_at: new Date(Date.now() - 60_000).toISOString(), loop: { iob: { iob: 0.5 }, cob: { cob: 10 } }, uploader: { battery: 80 } };
      await v1().create('devicestatus', [loop]);
      await v1().create('devicestatus', [loop]);
      expect(await get('/api/v1/devicestatus.json?find[device]=loop://iPhone')).toHaveLength(2);
      const newest = await get('/api/v1/devicestatus.json?count=1');
      expect(newest[0].device).toBe('loop://iPhone');
    });

    it('stores a status whose client identifier is taken as a second one with its own identifier (the reference stores both)', async () => {
      const status = { device: 'aaps', identifier: 'taken-identifier', created_at: new Date().toISOString() };
      await v1().create('devicestatus', status);
      const [second] = await v1().create('devicestatus', status);
      expect(second.identifier).toBe(second._id);
      expect(await deleteWhere('/api/v1/devicestatus', { 'find[device]': 'aaps' })).toEqual({ acknowledged: true, deletedCount: 2 });
    });

    it('rejects a malformed _id with the reference message and deletes by id or find', async () => {
      const bad = await send('POST', '/api/v1/devicestatus', { _id: 'nope', device: 'x' });
      expect(bad.status).toBe(400);
      expect(await bad.json()).toEqual({ status: 400, message: 'Invalid _id format', description: 'Must be 24-character hex string or omit for auto-generation. Got: nope' });
      expect((await send('DELETE', '/api/v1/devicestatus/nope')).status).toBe(400);
      const [one] = await get('/api/v1/devicestatus.json?find[device]=openaps://rig');
      expect(await v1().remove('devicestatus', one._id)).toEqual({ acknowledged: true, deletedCount: 1 });
      expect(await deleteWhere('/api/v1/devicestatus', { 'find[device]': 'loop://iPhone' })).toEqual({ acknowledged: true, deletedCount: 2 });
      expect(await get('/api/v1/devicestatus.json')).toEqual([]);
    });
  });

  describe('profile', () => {
    const profile = {
      defaultProfile: 'Default', startDate: new Date(Date.now() - 60_000).toISOString(), units: 'mg/dl', enteredBy: 'tester',
      store: { Default: { dia: 4, timezone: 'Europe/Berlin', units: 'mg/dl', carbratio: [{ time: '00:00', value: 10, timeAsSeconds: 0 }], sens: [{ time: '00:00', value: 40, timeAsSeconds: 0 }], basal: [{ time: '00:00', value: 0.8, timeAsSeconds: 0 }], target_low: [{ time: '00:00', value: 90, timeAsSeconds: 0 }], target_high: [{ time: '00:00', value: 120, timeAsSeconds: 0 }] } },
    };

    it('returns null from /profile/current before any profile exists', async () => {
      // The exact body text: a raw request.
      const res = await server.fetch('/api/v1/profile/current.json');
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('null');
    });

    it('round-trips a profile store: POST, GET, current, PUT, DELETE', async () => {
      const [created] = (await v1().create('profile', profile)) as Json[];
      expect(created.created_at).toEqual(expect.any(String));
      expect(await get('/api/v1/profile.json')).toEqual([created]);
      expect(await get('/api/v1/profile/current.json')).toEqual(created);
      expect(await get('/api/v1/profiles.json')).toEqual([created]);
      const changed = { ...created, store: { ...created.store, Default: { ...created.store.Default, dia: 5 } } };
      expect(await v1().update('profile', changed)).toMatchObject({ _id: created._id, store: { Default: { dia: 5 } } });
      expect((await get('/api/v1/profile.json'))[0].store.Default.dia).toBe(5);
      expect(await v1().remove('profile', created._id)).toEqual({});
      expect(await get('/api/v1/profile.json')).toEqual([]);
      expect(server.events.map((e) => [e.operation, e.entryPoint])).toEqual([['create', 'api-v1'], ['update', 'api-v1'], ['delete', 'api-v1']]);
    });

    it('creates with PUT when no _id is given, and rejects malformed ids', async () => {
      expect((await v1().update('profile', profile))._id).toMatch(/^[0-9a-f]{24}$/);
      expect((await send('PUT', '/api/v1/profile', { ...profile, _id: 'x' })).status).toBe(400);
      expect((await send('DELETE', '/api/v1/profile/x')).status).toBe(400);
      expect((await send('DELETE', '/api/v1/profile/0123456789abcdef01234567')).status).toBe(404);
    });
  });

  describe('food', () => {
    it('creates, lists quickpicks and regular foods, updates and deletes', async () => {
      const created = await v1().create('food', [
        { type: 'food', name: 'apple', category: 'fruit', carbs: 12, portion: 100, unit: 'g', created_at: '2000-01-01T00:00:00.000Z' },
        { type: 'quickpick', name: 'breakfast', hidden: 'false', position: 2, foods: [] },
        { type: 'quickpick', name: 'hidden one', hidden: 'true', position: 1, foods: [] },
        { type: 'quickpick', name: 'lunch', hidden: false, position: 1, foods: [] },
      ]);
      expect(created).toHaveLength(4);
      expect(created[0].created_at).not.toBe('2000-01-01T00:00:00.000Z');
      expect((await get('/api/v1/food.json')).length).toBe(4);
      expect((await get('/api/v1/food/quickpicks.json')).map((f: { name: string }) => f.name)).toEqual(['lunch', 'breakfast']);
      expect((await get('/api/v1/food/regular.json')).map((f: { name: string }) => f.name)).toEqual(['apple']);
      // The reference answers a food PUT with an array.
      expect(await v1().update('food', { ...created[0], carbs: 14 })).toEqual([expect.objectContaining({ _id: created[0]._id, carbs: 14 })]);
      expect(await v1().remove('food', created[0]._id)).toEqual({});
      expect((await get('/api/v1/food/regular.json'))).toEqual([]);
    });
  });

  describe('activity', () => {
    it('stores an identical activity once and answers If-Modified-Since on an empty result without crashing', async () => {
      const activity = { eventType: 'Exercise', duration: 30, notes: 'walk', created_at: new Date(Date.now() - 60_000).toISOString() };
      await v1().create('activity', activity);
      await v1().create('activity', activity);
      expect(await get('/api/v1/activity.json')).toHaveLength(1);
      const empty = await server.fetch('/api/v1/activity.json?find[notes]=none', { headers: { 'if-modified-since': new Date().toUTCString() } });
      expect(empty.status).toBe(200);
      expect(await empty.json()).toEqual([]);
      const [stored] = await get('/api/v1/activity.json');
      await v1().update('activity', { ...stored, duration: 45 });
      expect((await get('/api/v1/activity.json'))[0].duration).toBe(45);
      expect(await v1().remove('activity', stored._id)).toEqual({});
    });
  });

  describe('verifyauth and adminnotifies', () => {
    it('nests the verification result under message', async () => {
      expect(await get('/api/v1/verifyauth')).toEqual({
        status: 200,
        message: { canRead: true, canWrite: false, isAdmin: false, message: 'UNAUTHORIZED', rolefound: 'NOTFOUND', permissions: 'DEFAULT' },
      });
      expect(await v1().verifyauth()).toMatchObject({ canRead: true, canWrite: true, isAdmin: true, message: 'OK', permissions: 'ROLE' });
      const token = await createSubject(server, 'verify-me', ['careportal']);
      // The access token as `?token=`, as the legacy UI sends it; the library sends its JWT instead.
      const subject = await get(`/api/v1/verifyauth?token=${token}`);
      expect(subject.message).toEqual({ canRead: true, canWrite: false, isAdmin: false, message: 'OK', rolefound: 'FOUND', permissions: 'ROLE' });
      expect(await clientOf(server, { token }).rest.v1.verifyauth()).toEqual({ canRead: true, canWrite: false, isAdmin: false, message: 'OK', rolefound: 'FOUND', permissions: 'ROLE' });
      // A wrong secret: a raw request.
      const wrong = await server.fetch('/api/v1/verifyauth', { headers: { 'api-secret': 'wrong' } });
      expect(wrong.status).toBe(200);
      expect((await wrong.json()).message).toMatchObject({ canRead: false, message: 'UNAUTHORIZED', permissions: 'ROLE' });
    });

    it('answers adminnotifies with the reference shape', async () => {
      // Readable by world, and the wrong secret above: the count is public, the notices are for admins.
      expect(await get('/api/v2/adminnotifies')).toEqual({ status: 200, message: { notifies: [], notifyCount: 2 } });
    });
  });
});
