// Small measuring helpers shared by the bench sections.
const { Buffer } = require('node:buffer');
const { fork } = require('node:child_process');
const { performance } = require('node:perf_hooks');
const { join } = require('node:path');
const { io } = require('socket.io-client');

/** Wall clock in ms with sub-ms resolution, the same in every process of the machine. */
const now = () => performance.timeOrigin + performance.now();

/** p50/p95/p99/max (nearest rank) of a list of milliseconds, rounded to 0.1 ms. */
function percentiles(samples) {
  if (samples.length === 0) return { n: 0 };
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (v) => Math.round(v * 10) / 10;
  return { n: sorted.length, p50: round(at(0.5)), p95: round(at(0.95)), p99: round(at(0.99)), max: round(sorted.at(-1)) };
}

const connect = (url) =>
  new Promise((resolve, reject) => {
    const socket = io(url, { transports: ['websocket'], forceNew: true, reconnection: false, timeout: 60_000 });
    socket.once('connect', () => resolve(socket));
    socket.once('connect_error', (error) => (socket.close(), reject(error)));
  });

/** Time from `authorize` to the first full `dataUpdate` on a fresh `/` socket, and its size. */
async function authorizeToDataUpdate(url, secret) {
  const socket = await connect(url);
  try {
    const first = new Promise((resolve) => socket.once('dataUpdate', (data) => resolve({ at: now(), data })));
    const sent = now();
    socket.emit('authorize', { secret });
    const { at, data } = await first;
    return { ms: at - sent, bytes: Buffer.byteLength(JSON.stringify(data)) };
  } finally {
    socket.close();
  }
}

/** A pool of subscriber child processes (tools/bench/subscribers.js) driven over IPC. */
function subscriberProcesses(count) {
  const children = Array.from({ length: count }, () => fork(join(__dirname, 'subscribers.js'), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }));
  const ask = (child, message, reply) =>
    new Promise((resolve, reject) => {
      const onMessage = (m) => {
        if (m.type !== reply) return;
        child.off('message', onMessage);
        child.off('exit', onExit);
        resolve(m);
      };
      const onExit = (code) => reject(new Error(`a subscriber process exited (${code})`));
      child.on('message', onMessage);
      child.once('exit', onExit);
      child.send(message);
    });
  return {
    pids: children.map((c) => c.pid),
    /** Sends each child its own message (`messages[i]`) and waits for all replies. */
    all: (messages, reply) => Promise.all(children.map((child, i) => ask(child, messages[i] ?? messages[0], reply))),
    async stop() {
      for (const child of children) child.kill();
      await Promise.all(children.map((child) => (child.exitCode === null ? new Promise((r) => child.once('exit', r)) : undefined)));
    },
  };
}

/** Splits `total` into `parts` near-equal whole numbers. */
const split = (total, parts) => Array.from({ length: parts }, (_, i) => Math.floor(total / parts) + (i < total % parts ? 1 : 0));

module.exports = { now, percentiles, connect, authorizeToDataUpdate, subscriberProcesses, split };
