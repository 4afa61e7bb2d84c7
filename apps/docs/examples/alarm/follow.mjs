// Follow alarms on `/alarm` as the web page does: `subscribe` with the API secret's SHA-1 (or a
// JWT as `jwtToken`; native apps send an access token as `accessToken`), then receive `alarm`,
// `urgent_alarm`, `announcement` and `notification`, and silence an alarm for everyone with the
// positional `ack` (level, group, milliseconds), which the server answers with `clear_alarm`.
// Here the readings and treatments that raise them are sent through API v1; the announcement
// follows a reading in range, as it takes the level of the glucose it is entered at. The server needs
// ALARM_TYPES=simple and ENABLE=careportal.
// Events: subscribe, alarm, urgent_alarm, ack, clear_alarm, announcement, notification
// Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' node follow.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const secret = createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex');
const upload = (collection, doc) =>
  fetch(`${url}/api/v1/${collection}`, { method: 'POST', headers: { 'api-secret': secret, 'content-type': 'application/json' }, body: JSON.stringify(doc) });

const alarms = io(`${url}/alarm`, { transports: ['websocket'] });
const subscribed = await alarms.timeout(5000).emitWithAck('subscribe', { secret });
console.log(`subscribe.ack ${JSON.stringify(subscribed)}`);
if (!subscribed.ack) throw new Error('these credentials may not silence alarms');

let urgent;
const triggers = {
  alarm: () => upload('entries', { type: 'sgv', sgv: 210, direction: 'FortyFiveUp', date: Date.now() }),
  urgent_alarm: () => upload('entries', { type: 'sgv', sgv: 290, direction: 'SingleUp', date: Date.now() }),
  clear_alarm: () => {
    // Positional, never acknowledged: silence this level and group for 30 minutes.
    console.log(`ack ${JSON.stringify([urgent.level, urgent.group, 30 * 60_000])}`);
    alarms.emit('ack', urgent.level, urgent.group, 30 * 60_000);
  },
  announcement: async () => {
    await upload('entries', { type: 'sgv', sgv: 130, direction: 'Flat', date: Date.now() });
    await upload('treatments', { eventType: 'Announcement', isAnnouncement: true, notes: 'Sensor warm-up until 10:00' });
  },
  notification: () => upload('treatments', { eventType: 'Carb Correction', carbs: 15 }),
};
for (const [event, trigger] of Object.entries(triggers)) {
  const notice = new Promise((resolve) => alarms.once(event, resolve));
  await trigger();
  const payload = await notice;
  if (event === 'urgent_alarm') urgent = payload;
  console.log(`${event} ${JSON.stringify(payload)}`);
}
alarms.close();
