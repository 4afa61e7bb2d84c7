// Write as the careportal does on `/`: add a note, change it, remove one of its fields, delete it.
// Each write is acknowledged (the stored documents, `{"result": "success"}` or a refusal such as
// `Not permitted` or `Rate limited`), and every channel sees the change.
// Events: dbAdd, dbUpdate, dbUpdateUnset, dbRemove
// Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' node careportal.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const secret = createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex');
const socket = io(url, { transports: ['websocket'] });

/** Emits an event, prints its acknowledgement and returns it. */
async function send(event, payload) {
  const ack = await socket.timeout(5000).emitWithAck(event, payload);
  console.log(`${event}.ack ${JSON.stringify(ack)}`);
  return ack;
}

const flags = await send('authorize', { client: 'docs-example', secret });
if (!flags.write_treatment) throw new Error('these credentials may not write treatments');
const [note] = await send('dbAdd', { collection: 'treatments', data: { eventType: 'Note', notes: 'Football practice', created_at: new Date().toISOString() } });
await send('dbUpdate', { collection: 'treatments', _id: note._id, data: { notes: 'Football practice, 45 minutes' } });
await send('dbUpdateUnset', { collection: 'treatments', _id: note._id, data: { notes: 1 } });
await send('dbRemove', { collection: 'treatments', _id: note._id });
socket.close();
