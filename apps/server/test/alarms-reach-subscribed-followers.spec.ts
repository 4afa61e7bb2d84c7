import type { AlarmNotification } from '@nightscout/protocol';
import { getConnectionToken } from '@nestjs/mongoose';
import type { Connection } from 'mongoose';
import { AlarmEngine } from '../src/realtime/alarm/alarm-engine';
import { CreateDocumentsCommand } from '../src/writes';
import { alarmFollower, closeLibraryClients, legacyReceiver, storageFollower } from './support/library-clients';
import { alarmClient, closeClients, record, request, sleep } from './support/sockets';
import { createSubject } from './support/subjects';
import { TEST_SECRET_SHA1, startTestServer, type TestServer } from './support/test-server';



/** Simple threshold alarms, treatment notices and server-side stale-data alarms (none is on by default). */
const ENV = { AUTH_DEFAULT_ROLES: 'denied', ALARM_TYPES: 'simple', ENABLE: 'careportal', TIMEAGO_ENABLE_ALERTS: 'on' };

const sgv = (server: TestServer, value: number, ageMs = 0) =>
  server.commands.execute(new CreateDocumentsCommand('entries', [{ doc: { type: 'sgv', sgv: value, date: Date.now() - ageMs, device: 'test' } }], 'api-v1'));

describe('alarms reach subscribed followers only, and ack silences them', () => {
  let server: TestServer;
  let readerToken: string;
  let ackToken: string;
  beforeEach(async () => {
    server = await startTestServer(ENV);
    readerToken = await createSubject(server, 'follower', ['readable']);
    ackToken = await createSubject(server, 'parent', ['readable', 'admin']);
  });
  afterEach(async () => {
    closeLibraryClients();
    closeClients();
    await server.close();
  });

  it('sends urgent_alarm for an SGV above BG_HIGH to subscribed /alarm sockets, not to others', async () => {
    const subscribed = await alarmFollower(server, { token: readerToken });
    expect(subscribed.canAck.value).toBe(false);
    // A socket that never subscribes: raw, as every client of the library subscribes.
    const unsubscribed = await alarmClient(server);
    const strayAlarms = record<AlarmNotification>(unsubscribed, 'urgent_alarm');
    const alarm = subscribed.next('urgent_alarm');
    await sgv(server, 300);
    expect(await alarm).toMatchObject({
      level: 2,
      title: 'Urgent HIGH',
      eventName: 'high',
      group: 'default',
      key: 'simplealarms_2',
      plugin: { name: 'simplealarms' },
      message: expect.stringContaining('BG Now: 300'),
    });
    await sleep(100);
    expect(strayAlarms).toEqual([]);
  });

  it('sends a warning alarm between BG_TARGET_TOP and BG_HIGH, and also to /storage subscribers and legacy DataReceivers', async () => {
    const storage = await storageFollower(server, readerToken, ['entries']);
    const legacy = await legacyReceiver(server, { token: readerToken });
    expect(legacy.flags.value).toMatchObject({ read: true });
    const onStorage = storage.next('alarm');
    const onLegacy = legacy.next('alarm');
    await sgv(server, 200);
    expect(await onStorage).toMatchObject({ level: 1, title: 'Warning HIGH' });
    expect(await onLegacy).toMatchObject({ level: 1, title: 'Warning HIGH' });
  });

  it('ack silences the alarm for everyone, broadcasts clear_alarm, and survives a restart', async () => {
    const parent = await alarmFollower(server, { token: ackToken });
    const follower = await alarmFollower(server, { token: readerToken });
    expect([parent.canAck.value, follower.canAck.value]).toEqual([true, false]);
    const first = follower.next('urgent_alarm');
    await sgv(server, 40 + 10);
    expect(await first).toMatchObject({ title: 'Urgent LOW', eventName: 'low' });

    // A reader without notifications:*:ack cannot silence (the reference let style-A subscribers ack).
    follower.ack(2, 'default', 60_000);
    await sleep(100);
    const stillAlarming = follower.next('urgent_alarm');
    await sgv(server, 48, 60_000);
    await stillAlarming;

    const cleared = follower.next('clear_alarm');
    parent.ack(2, 'default', 60_000);
    expect(await cleared).toEqual({ clear: true, title: 'All Clear', message: "default - Urgent was ack'd", group: 'default' });
    const silenced = follower.record('urgent_alarm');
    await sgv(server, 45, 30_000);
    await server.app.get(AlarmEngine).check();
    await sleep(100);
    expect(silenced).toEqual([]);
    const stored = await server.app.get<Connection>(getConnectionToken()).collection('alarm_silences').find().toArray();
    expect(stored.map((s) => s._id).sort()).toEqual(['1:default', '2:default']);

    // A restarted server on the same database keeps the silence.
    closeLibraryClients();
    await server.stop();
    server = await startTestServer(ENV, server.database);
    const again = await alarmFollower(server, { token: readerToken });
    const afterRestart = again.record('urgent_alarm');
    await sgv(server, 44);
    await server.app.get(AlarmEngine).check();
    await sleep(100);
    expect(afterRestart).toEqual([]);
  });

  it('GET /api/v1/notifications/ack silences like a socket ack and needs notifications:*:ack', async () => {
    const socket = await alarmFollower(server, { token: readerToken });
    const alarm = socket.next('urgent_alarm');
    await sgv(server, 320);
    await alarm;
    // Refusals with their exact status: raw requests.
    expect((await server.fetch(`/api/v1/notifications/ack?level=2&token=${readerToken}`)).status).toBe(401);
    expect((await server.fetch(`/api/v1/notifications/ack?level=x&token=${ackToken}`)).status).toBe(400);
    const cleared = socket.next('clear_alarm');
    const res = await server.fetch(`/api/v1/notifications/ack?level=2&group=default&time=600000&token=${ackToken}`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('OK');
    expect(await cleared).toMatchObject({ clear: true, message: "default - Urgent was ack'd" });
  });

  it('raises the stale-data alarm when the last reading is older than ALARM_TIMEAGO_WARN_MINS', async () => {
    const socket = await alarmFollower(server, { token: readerToken });
    const stale = socket.next('alarm', (n) => n.group === 'Time Ago');
    await sgv(server, 100, 20 * 60_000);
    expect(await stale).toMatchObject({ level: 1, title: 'Stale data, check rig?', eventName: 'timeago', group: 'Time Ago' });
  });

  it('subscribes web clients by secret or JWT and reports read and ack', async () => {
    // The exact acknowledgements, refusals included: a raw socket.
    const socket = await alarmClient(server);
    expect(await request(socket, 'subscribe', { secret: TEST_SECRET_SHA1 })).toEqual({ success: true, message: 'Subscribed for alarms', read: true, ack: true });
    const { token } = await (await server.fetch(`/api/v2/authorization/request/${readerToken}`)).json();
    expect(await request(socket, 'subscribe', { jwtToken: token })).toEqual({ success: true, message: 'Subscribed for alarms', read: true, ack: false });
    expect(await request(socket, 'subscribe', { secret: 'f'.repeat(40) })).toEqual({ success: false, message: 'Missing or bad accessToken' });
    expect(await request(socket, 'subscribe', { accessToken: 'nobody-0123456789abcdef' })).toEqual({ success: false, message: 'Missing or bad accessToken' });
  });

  it('turns a recent announcement into an announcement event', async () => {
    const socket = await alarmFollower(server, { token: readerToken });
    const announcement = socket.next('announcement');
    await server.commands.execute(
      new CreateDocumentsCommand('treatments', [{ doc: { eventType: 'Announcement', isAnnouncement: true, notes: 'Pump site changed', created_at: new Date().toISOString() } }], 'api-v1'),
    );
    expect(await announcement).toMatchObject({ level: 0, title: 'Announcement', message: 'Pump site changed', group: 'Announcement', isAnnouncement: true, key: expect.stringMatching(/^[0-9a-f]{40}$/) });
  });
});
