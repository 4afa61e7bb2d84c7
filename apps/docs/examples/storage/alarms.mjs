// Alarms on `/storage`: subscribers whose token may read entries get the alarm events here too,
// so an app that keeps its data in sync needs no second socket (GAP-API-015). This example uses
// only the access token: it exchanges it for a JWT and raises each event through API v3 — readings
// of 200 and 300 mg/dl, an announcement after a reading in range (it takes the level of the glucose
// it is entered at) and a note — and silences the urgent alarm with
// /api/v1/notifications/ack (the token's subject needs notifications:*:ack, e.g. the admin role).
// The server needs ALARM_TYPES=simple and ENABLE=careportal.
// Events: alarm, urgent_alarm, clear_alarm, announcement, notification
// Run: NIGHTSCOUT_URL=http://localhost:1337 ACCESS_TOKEN='parent-0123456789abcdef' node alarms.mjs
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const token = process.env.ACCESS_TOKEN;
const { token: jwt } = await (await fetch(`${url}/api/v2/authorization/request/${token}`)).json();
const v3 = (collection, doc) =>
  fetch(`${url}/api/v3/${collection}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${jwt}`, 'content-type': 'application/json' },
    body: JSON.stringify({ app: 'docs-example', date: Date.now(), utcOffset: 0, ...doc }),
  });

const storage = io(`${url}/storage`, { transports: ['websocket'] });
console.log(`subscribe.ack ${JSON.stringify(await storage.timeout(5000).emitWithAck('subscribe', { accessToken: token, collections: ['entries', 'treatments'] }))}`);
const causes = [
  ['alarm', () => v3('entries', { type: 'sgv', sgv: 200, direction: 'Flat' })],
  ['urgent_alarm', () => v3('entries', { type: 'sgv', sgv: 300, direction: 'DoubleUp' })],
  ['clear_alarm', () => fetch(`${url}/api/v1/notifications/ack?level=2&group=default&time=600000&token=${token}`)],
  ['announcement', async () => (await v3('entries', { type: 'sgv', sgv: 110, direction: 'Flat' })) && v3('treatments', { eventType: 'Announcement', isAnnouncement: true, notes: 'Back from school' })],
  ['notification', () => v3('treatments', { eventType: 'Note', notes: 'Snack' })],
];
for (const [event, cause] of causes) {
  const received = new Promise((resolve) => storage.once(event, resolve));
  await cause();
  console.log(`${event} ${JSON.stringify(await received)}`);
}
storage.close();
