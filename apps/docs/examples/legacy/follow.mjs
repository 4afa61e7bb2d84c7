// Follow a site on `/` as the web UI does: `authorize` with the API secret's SHA-1 (or send an
// access token as `secret`, or a JWT as `token`), then receive `connected`, the full `dataUpdate`
// snapshot of the last two days and the `clients` count. Deltas follow as data changes.
// Events: authorize, connected, dataUpdate, clients
// Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' node follow.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const secret = createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex');
const print = (event, payload) => console.log(payload === undefined ? event : `${event} ${JSON.stringify(payload)}`);

const socket = io(url, { transports: ['websocket'] });
// `clients` is sent to every socket shortly after any connects or leaves (once per burst).
const clients = new Promise((resolve) => socket.once('clients', resolve));
const connected = new Promise((resolve) => socket.once('connected', resolve));
const snapshot = new Promise((resolve) => socket.once('dataUpdate', resolve));

print('authorize.ack', await socket.timeout(5000).emitWithAck('authorize', { client: 'docs-example', secret, history: 48 }));
await connected;
print('connected');
print('dataUpdate', await snapshot);
print('clients', await clients);
socket.close();
