// Splits a server's CPU profile (`node --cpu-prof`) over time windows of the bench: where the
// server's CPU went while it served one kind of write, by owner (docs/performance.md, "Profile findings").
// Run alone, it lists the functions with the most self time in a profile the bench kept:
//   node tools/bench/cpu-split.js .cache/bench/<date>.cpuprofile [owner] [count]
const { readdirSync, readFileSync } = require('node:fs');
const { join } = require('node:path');

/** Microseconds on the monotonic clock that V8's profiler stamps its samples with. */
const monotonicUs = () => Number(process.hrtime.bigint() / 1000n);

/** Packages that are the database driver: their frames, and the system calls they make, are the driver's. */
const DRIVER = /node_modules\/(mongodb|bson|mongodb-connection-string-url)\//;
const PACKAGE = /node_modules\/((?:@[^/]+\/)?[^/]+)\//;

/**
 * Who a sample's CPU belongs to: the driver when any frame of its stack is the driver's (a system
 * call it makes included); else the nearest owner of a frame from the leaf up — a package, the
 * server's own code, or Node itself; V8's own entries (GC, program) stand alone.
 */
function ownerOf(node, nodes) {
  const leaf = node.callFrame.functionName;
  if (leaf === '(garbage collector)') return 'GC';
  if (leaf === '(program)') return 'V8 and native (unattributed)';
  let owner;
  for (let n = node; n; n = nodes.get(n.parent)) {
    const url = n.callFrame.url;
    if (DRIVER.test(url)) return 'driver';
    if (owner) continue;
    const pkg = PACKAGE.exec(url);
    if (pkg) owner = pkg[1];
    else if (/apps\/server\/|libs\//.test(url)) owner = 'server code';
  }
  return owner ?? 'Node (no caller above)';
}

/** The profile's nodes by id, each knowing its parent (the file lists only children). */
function nodesOf(profile) {
  const nodes = new Map(profile.nodes.map((n) => [n.id, n]));
  for (const n of profile.nodes) for (const child of n.children ?? []) nodes.get(child).parent = n.id;
  return nodes;
}

/** The single `.cpuprofile` in `dir`, parsed, and its path. */
function readProfile(dir) {
  const files = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (files.length !== 1) throw new Error(`expected one .cpuprofile in ${dir}, found ${files.length}`);
  const file = join(dir, files[0]);
  return { profile: JSON.parse(readFileSync(file, 'utf8')), file };
}

/**
 * Per window ({ name, fromUs, toUs, requests }), milliseconds of sampled CPU per request by owner,
 * and the total without the driver (idle excluded).
 */
function splitProfile(profile, windows) {
  const nodes = nodesOf(profile);
  const owners = new Map();
  const ownerOfId = (id) => {
    if (!owners.has(id)) owners.set(id, nodes.get(id).callFrame.functionName === '(idle)' ? undefined : ownerOf(nodes.get(id), nodes));
    return owners.get(id);
  };
  const sums = windows.map(() => new Map());
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    t += profile.timeDeltas[i];
    // A sample stands for the time until the next one.
    const weight = i + 1 < profile.samples.length ? profile.timeDeltas[i + 1] : 0;
    const owner = ownerOfId(profile.samples[i]);
    if (!owner) continue;
    windows.forEach((w, k) => {
      if (t >= w.fromUs && t < w.toUs) sums[k].set(owner, (sums[k].get(owner) ?? 0) + weight);
    });
  }
  return windows.map((w, k) => {
    const perRequest = (us) => +(us / 1000 / w.requests).toFixed(3);
    const byOwner = [...sums[k]].sort((a, b) => b[1] - a[1]).map(([owner, us]) => ({ owner, msPerRequest: perRequest(us) }));
    const total = [...sums[k].values()].reduce((a, b) => a + b, 0);
    const driver = sums[k].get('driver') ?? 0;
    return { name: w.name, sampledMsPerRequest: perRequest(total), withoutDriverMsPerRequest: perRequest(total - driver), byOwner };
  });
}

/** The `count` functions with the most self time, of one owner or of all, in ms. */
function topFunctions(profile, owner, count) {
  const nodes = nodesOf(profile);
  const self = new Map();
  for (let i = 0; i + 1 < profile.samples.length; i++) {
    const node = nodes.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)' || (owner && ownerOf(node, nodes) !== owner)) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const key = `${functionName || '(anonymous)'} ${url.replace(/^.*node_modules\//, '')}:${lineNumber + 1}`;
    self.set(key, (self.get(key) ?? 0) + profile.timeDeltas[i + 1]);
  }
  return [...self].sort((a, b) => b[1] - a[1]).slice(0, count).map(([fn, us]) => `${(us / 1000).toFixed(1).padStart(8)} ms  ${fn}`);
}

if (require.main === module) {
  const [file, owner, count = '30'] = process.argv.slice(2);
  console.log(topFunctions(JSON.parse(readFileSync(file, 'utf8')), owner, Number(count)).join('\n'));
}

module.exports = { monotonicUs, readProfile, splitProfile };
