// Ask `/` for every device status it holds (the web UI's retro view): `loadRetro` is acknowledged,
// then `retroUpdate` brings the statuses. It needs the `read` flag of `authorize`.
// Events: loadRetro, retroUpdate
// Run: NIGHTSCOUT_URL=http://localhost:1337 API_SECRET='your api secret' node retro.mjs
import { createHash } from 'node:crypto';
import { io } from 'socket.io-client';

const url = process.env.NIGHTSCOUT_URL ?? 'http://localhost:1337';
const secret = createHash('sha1').update(process.env.API_SECRET ?? '').digest('hex');
const socket = io(url, { transports: ['websocket'] });

const { read } = await socket.timeout(5000).emitWithAck('authorize', { client: 'docs-example', secret });
if (!read) throw new Error('these credentials may not read');
const retro = new Promise((resolve) => socket.once('retroUpdate', resolve));
console.log(`loadRetro.ack ${JSON.stringify(await socket.timeout(5000).emitWithAck('loadRetro', { loadedMills: 0 }))}`);
console.log(`retroUpdate ${JSON.stringify(await retro)}`);
socket.close();
