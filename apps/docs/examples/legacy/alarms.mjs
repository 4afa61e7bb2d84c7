// Alarms on `/`: sockets that may read get the alarm events here too, so a follower needs only
// this socket (GAP-API-015). The example raises each event itself through the same socket: a
// reading of 200 mg/dl (a warning above BG_TARGET_TOP), one of 300 (urgent, above BG_HIGH), a
// silence over REST, an announcement and a note. An announcement takes the level of the glucose it
// is entered at, so it follows a reading in range (at 300 mg/dl it would arrive as `urgent_alarm`
// with `isAnnouncement`). The server needs threshold alarms
// (ALARM_TYPES=simple) and the careportal (ENABLE=careportal); a new treatment snoozes glucose
// alarms for TREATMENTNOTIFY_SNOOZE_MINS (10).
// Events: alarm, urgent_alarm, clear_alarm, announcement, notification
// Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' node alarms.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const secret = createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex');
const socket = io(url, { transports: ['websocket'] });
const dbAdd = (collection, data) => socket.timeout(5000).emitWithAck('dbAdd', { collection, data });
const now = () => new Date().toISOString();

await socket.timeout(5000).emitWithAck('authorize', { client: 'docs-example', secret });
const raise = {
  alarm: () => dbAdd('entries', { type: 'sgv', sgv: 200, direction: 'FortyFiveUp', date: Date.now() }),
  urgent_alarm: () => dbAdd('entries', { type: 'sgv', sgv: 300, direction: 'SingleUp', date: Date.now() }),
  // Silencing urgent alarms of the `default` group for 10 minutes clears them for everyone.
  clear_alarm: () => fetch(`${url}/api/v1/notifications/ack?level=2&group=default&time=600000`, { headers: { 'api-secret': secret } }),
  announcement: async () => {
    await dbAdd('entries', { type: 'sgv', sgv: 120, direction: 'Flat', date: Date.now() });
    await dbAdd('treatments', { eventType: 'Announcement', isAnnouncement: true, notes: 'Pump site changed', created_at: now() });
  },
  notification: () => dbAdd('treatments', { eventType: 'Note', notes: 'Ate a snack', created_at: now() }),
};
for (const [event, cause] of Object.entries(raise)) {
  const heard = new Promise((resolve) => socket.once(event, resolve));
  await cause();
  console.log(`${event} ${JSON.stringify(await heard)}`);
}
socket.close();
