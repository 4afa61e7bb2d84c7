// The `/storage` change feed with a subject's access token (a JWT works too): `subscribe` to the
// collections you keep, then apply `create`, `update` and `delete` as they come. Every write is
// announced, whatever its entry point: here the changes are made through API v1 with the API
// secret, which Nightscout 15.0.7 would not announce (GAP-API-014). Keep the largest
// `srvModified` you saw and, after a reconnect, catch up with GET /api/v3/treatments/history/<it>.
// Events: subscribe, create, update, delete
// Run: NIGHTSCOUT_URL=http://localhost:1337 ACCESS_TOKEN='follower-0123456789abcdef' API_SECRET='your api secret' node changes.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const headers = { 'api-secret': createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex'), 'content-type': 'application/json' };
const storage = io(`${url}/storage`, { transports: ['websocket'] });
const nextChange = (event) =>
  new Promise((resolve) =>
    storage.once(event, (change) => {
      console.log(`${event} ${JSON.stringify(change)}`);
      resolve(change);
    }),
  );

const subscribed = await storage.timeout(5000).emitWithAck('subscribe', { accessToken: process.env.ACCESS_TOKEN, collections: ['treatments'] });
console.log(`subscribe.ack ${JSON.stringify(subscribed)}`);
if (!subscribed.success) throw new Error(subscribed.message);

let change = nextChange('create');
const [note] = await (await fetch(`${url}/api/v1/treatments`, { method: 'POST', headers, body: JSON.stringify({ eventType: 'Note', notes: 'Swimming' }) })).json();
await change;
change = nextChange('update');
await fetch(`${url}/api/v1/treatments`, { method: 'PUT', headers, body: JSON.stringify({ ...note, notes: 'Swimming, 1 hour' }) });
await change;
change = nextChange('delete');
await fetch(`${url}/api/v1/treatments/${note._id}`, { method: 'DELETE', headers });
await change;
storage.close();
