// Child process of the bench (forked, IPC): holds many socket.io clients so the measuring process is
// not starved by their event handling. Subscribers on `/` authorize (legacy DataReceivers,
// `dataUpdate`); on `/storage` they subscribe to treatments (`create`). Arrival times of marked
// treatments (their `notes` start with the marker prefix) are reported on request, on the clock
// every process shares (performance.timeOrigin + performance.now()).
const { connect, now } = require('./measure');
const sockets = [];
let prefix = '\u0000';
/** channel → marker → arrival times; duplicates per channel. */
let arrivals = { root: new Map(), storage: new Map() };
let duplicates = { root: 0, storage: 0 };

function record(channel, seen, notes) {
  if (typeof notes !== 'string' || !notes.startsWith(prefix)) return;
  const at = now();
  if (seen.has(notes)) {
    duplicates[channel]++;
    return;
  }
  seen.add(notes);
  const list = arrivals[channel].get(notes);
  if (list) list.push(at);
  else arrivals[channel].set(notes, [at]);
}

/** One `/` socket, authorized, its first (full) dataUpdate received; or one `/storage` socket, subscribed. */
async function open(channel, { url, secret, accessToken }) {
  const seen = new Set();
  if (channel === 'root') {
    const socket = await connect(url);
    const first = new Promise((resolve) => socket.once('dataUpdate', resolve));
    await socket.timeout(120_000).emitWithAck('authorize', { secret });
    await first;
    socket.on('dataUpdate', (data) => {
      for (const t of data?.treatments ?? []) record('root', seen, t?.notes);
    });
    return socket;
  }
  const socket = await connect(`${url}/storage`);
  const answer = await socket.timeout(120_000).emitWithAck('subscribe', { accessToken, collections: ['treatments'] });
  if (answer && answer.success === false) throw new Error(`subscribe refused: ${JSON.stringify(answer)}`);
  socket.on('create', (event) => record('storage', seen, event?.doc?.notes));
  return socket;
}

/** Opens `count` sockets on a channel, `parallel` at a time; returns how many failed. */
async function openMany(channel, count, options, parallel = 50) {
  let failed = 0;
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      try {
        sockets.push(await open(channel, options));
      } catch {
        failed++;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, count) }, worker));
  return failed;
}

process.on('message', async (message) => {
  switch (message.type) {
    case 'open': {
      const started = now();
      prefix = message.prefix ?? prefix;
      const failedRoot = await openMany('root', message.root ?? 0, message);
      const failedStorage = await openMany('storage', message.storage ?? 0, message);
      process.send({ type: 'opened', open: sockets.length, failed: failedRoot + failedStorage, failedRoot, failedStorage, ms: Math.round(now() - started) });
      break;
    }
    case 'watch':
      prefix = message.prefix;
      arrivals = { root: new Map(), storage: new Map() };
      duplicates = { root: 0, storage: 0 };
      process.send({ type: 'watching' });
      break;
    case 'report':
      process.send({ type: 'report', arrivals: { root: Object.fromEntries(arrivals.root), storage: Object.fromEntries(arrivals.storage) }, duplicates });
      break;
    case 'close':
      for (const socket of sockets.splice(0)) socket.close();
      process.send({ type: 'closed' });
      break;
  }
});
