// Deterministic, realistic Nightscout documents shaped as the server stores them (the v1
// normalisers in apps/server/src/api-v1/normalise and the server fields of
// apps/server/src/writes/server-fields.ts): one person's CGM, AndroidAPS (or Loop) device status,
// treatments and a profile store.
const { ObjectId } = require('mongodb');

const MINUTE = 60_000;
const FIVE_MINUTES = 5 * MINUTE;
const DAY = 24 * 60 * MINUTE;

/** mulberry32: small, fast and the same sequence for the same seed on every machine. */
function random(seed) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const between = (min, max) => min + next() * (max - min);
  const int = (min, max) => Math.floor(between(min, max + 1));
  const pick = (list) => list[Math.floor(next() * list.length)];
  return { next, between, int, pick };
}

/** ObjectIds from the document's time and the generator (not the clock), so a seed gives the same ids. */
function idMaker(rng) {
  return (at) => {
    const hex = Math.floor(at / 1000).toString(16).padStart(8, '0') + Math.floor(rng.next() * 2 ** 32).toString(16).padStart(8, '0') + Math.floor(rng.next() * 2 ** 32).toString(16).padStart(8, '0');
    return new ObjectId(hex);
  };
}

/** Server fields as a write stamps them: an upload arrives some seconds after the event. */
const stamped = (id, doc, uploadedAt) => ({ _id: id, ...doc, identifier: id.toHexString(), srvCreated: uploadedAt, srvModified: uploadedAt });

const iso = (ms) => new Date(ms).toISOString();

/** Nightscout's trend arrows from the change per minute. */
function direction(deltaPer5) {
  const perMinute = deltaPer5 / 5;
  if (perMinute > 3.5) return 'DoubleUp';
  if (perMinute > 2) return 'SingleUp';
  if (perMinute > 1) return 'FortyFiveUp';
  if (perMinute >= -1) return 'Flat';
  if (perMinute >= -2) return 'FortyFiveDown';
  if (perMinute >= -3.5) return 'SingleDown';
  return 'DoubleDown';
}

/**
 * Glucose as a bounded random walk: a velocity that drifts, pulled back towards ~120 mg/dL and
 * reflected at 40 and 400, so deltas stay within a few mg/dL per minute like a real sensor's.
 */
function glucoseWalk(rng, state) {
  let value = rng.between(90, 160);
  let velocity = 0;
  return () => {
    // Carbs on board push up, insulin on board pulls down, plus sensor and physiology noise.
    const push = state.cob * 0.04 - state.iob * 0.3;
    velocity = 0.88 * velocity + rng.between(-4, 4) + push * 0.3 + (130 - value) * 0.008;
    velocity = Math.max(-18, Math.min(18, velocity));
    let next = value + velocity;
    if (next < 40) {
      next = 80 - next;
      velocity = Math.abs(velocity);
    }
    if (next > 400) {
      next = 800 - next;
      velocity = -Math.abs(velocity);
    }
    value = Math.max(40, Math.min(400, next));
    return Math.round(value);
  };
}

const curve = (rng, from, length) => {
  const values = [];
  let v = from;
  const slope = rng.between(-3, 3);
  for (let i = 0; i < length; i++) values.push(Math.round((v = Math.max(39, Math.min(400, v + slope + rng.between(-1.5, 1.5))))));
  return values;
};

/** An AndroidAPS upload: openaps suggested/enacted/iob, pump, uploader battery (~4.5 KB). */
function aapsStatus(rng, at, sgv, iob, state) {
  const bg = sgv;
  const eventualBG = Math.round(bg + rng.between(-40, 40));
  const rate = Math.round(rng.between(0, 2.5) * 100) / 100;
  const sensitivityRatio = Math.round(rng.between(0.8, 1.2) * 100) / 100;
  const cob = Math.max(0, Math.round(state.cob));
  const reason = `COB: ${cob}, Dev: ${Math.round(rng.between(-20, 20))}, BGI: ${rng.between(-3, 1).toFixed(2)}, ISF: ${Math.round(40 / sensitivityRatio)}, CR: ${(10 / sensitivityRatio).toFixed(2)}, Target: 100, minPredBG ${Math.round(bg - 20)}, minGuardBG ${Math.round(bg - 30)}, IOBpredBG ${Math.round(bg + 5)}, COBpredBG ${Math.round(bg + 15)}, UAMpredBG ${Math.round(bg + 10)}; Eventual BG ${eventualBG} ${eventualBG > 100 ? '>' : '<'}= 100, insulinReq ${rng.between(-0.5, 1).toFixed(2)}; maxBolus ${rng.between(0, 2).toFixed(1)}. `;
  const predBGs = { IOB: curve(rng, bg, 60), ZT: curve(rng, bg, 60), COB: curve(rng, bg, 60), UAM: curve(rng, bg, 60) };
  const decision = {
    algorithm: 'SMB', runningDynamicIsf: false, timestamp: iso(at), temp: 'absolute', bg, tick: `${state.delta >= 0 ? '+' : ''}${state.delta}`, eventualBG, targetBG: 100,
    insulinReq: Math.round(rng.between(0, 1) * 100) / 100, deliverAt: iso(at), sensitivityRatio, reason, predBGs, COB: cob, IOB: iob, duration: 30, rate,
    variable_sens: Math.round(rng.between(35, 55) * 10) / 10, consoleLog: `Autosens ratio: ${sensitivityRatio}; Basal unchanged: 0.85; SMB enabled; profile.sens: 40, sens: ${Math.round(40 / sensitivityRatio)}, CSF: 4; Carb Impact: ${rng.between(0, 8).toFixed(1)} mg/dL per 5m; UAM Impact: ${rng.between(0, 8).toFixed(1)} mg/dL per 5m; `, consoleError: `CR:10.0\nmaxDelta ${Math.abs(state.delta)} > 20% of BG ${bg} - disabling SMB\n`,
  };
  const iobAt = (ms) => ({ iob, basaliob: Math.round((iob / 2) * 100) / 100, bolusiob: Math.round((iob / 2) * 100) / 100, activity: Math.round(rng.between(0, 0.03) * 10000) / 10000, time: iso(ms), lastBolusTime: state.lastBolusAt });
  return {
    device: 'openaps://samsung SM-G970F',
    created_at: iso(at),
    utcOffset: 0,
    date: at,
    isCharging: rng.next() < 0.2,
    uploaderBattery: Math.max(5, Math.round(100 - ((at / MINUTE) % 1440) / 20)),
    configuration: { pump: 'Omnipod Dash', version: '3.2.0.4', insulin: 'Lyumjev', aps: 'OpenAPS SMB', sensitivity: 'Sensitivity Oref1', smoothing: 'Exponential', insulinConfiguration: { insulinLabel: 'Lyumjev', insulinEndTime: 18_000_000, insulinPeakTime: 2_700_000 }, applicationId: 'info.nightscout.androidaps', version_name: '3.2.0.4-dev', git: 'abc1234' },
    pump: {
      clock: iso(at - 30_000),
      reservoir: Math.round(state.reservoir * 100) / 100,
      battery: { percent: Math.round(state.pumpBattery) },
      status: { status: 'normal', timestamp: iso(at - 30_000) },
      extended: { Version: '3.2.0.4-dev', LastBolus: iso(Date.parse(state.lastBolusAt)), LastBolusAmount: state.lastBolus, BaseBasalRate: 0.85, ActiveProfile: 'Default', TempBasalAbsoluteRate: rate, TempBasalStart: iso(at - 5 * MINUTE), TempBasalRemaining: 25 },
    },
    openaps: {
      suggested: decision,
      enacted: { ...decision, received: true, smb: Math.round(rng.between(0, 0.5) * 10) / 10 },
      iob: { ...iobAt(at), iobWithZeroTemp: iobAt(at) },
    },
  };
}

/** A Loop (iOS) upload: loop iob/cob/predicted/enacted, pump, uploader. */
function loopStatus(rng, at, sgv, iob, state) {
  const startDate = iso(at);
  return {
    device: 'loop://iPhone',
    created_at: iso(at),
    utcOffset: 0,
    loop: {
      name: 'Loop', version: '3.4.1', timestamp: startDate,
      iob: { iob, timestamp: startDate },
      cob: { cob: Math.max(0, Math.round(state.cob)), timestamp: startDate },
      predicted: { startDate, values: curve(rng, sgv, 72) },
      recommendedBolus: 0,
      enacted: { rate: Math.round(rng.between(0, 2.5) * 100) / 100, duration: 30, timestamp: startDate, received: true, bolusVolume: 0 },
    },
    pump: { clock: iso(at - 20_000), reservoir: Math.round(state.reservoir), battery: { percent: Math.round(state.pumpBattery) }, bolusing: false, suspended: false, pumpID: '123456', manufacturer: 'Insulet', model: 'Dash' },
    uploader: { name: 'iPhone', battery: Math.max(5, Math.round(100 - ((at / MINUTE) % 1440) / 20)), timestamp: startDate },
    override: { active: false, timestamp: startDate },
  };
}

function profileStore(start, makeId) {
  const schedule = (value) => [{ time: '00:00', value, timeAsSeconds: 0 }];
  const basal = Array.from({ length: 24 }, (_, h) => ({ time: `${String(h).padStart(2, '0')}:00`, value: h >= 4 && h < 9 ? 1.05 : 0.85, timeAsSeconds: h * 3600 }));
  const id = makeId(start);
  return stamped(id, {
    defaultProfile: 'Default',
    startDate: iso(start),
    mills: start,
    units: 'mg/dl',
    created_at: iso(start),
    enteredBy: 'AndroidAPS',
    store: { Default: { dia: 5, carbratio: schedule(10), carbs_hr: 20, delay: 20, sens: schedule(40), timezone: 'UTC', basal, target_low: schedule(90), target_high: schedule(110), startDate: iso(start), units: 'mg/dl' } },
  }, start);
}

/**
 * The documents of [from, to): entries every 5 minutes, a device status every 5 minutes (AndroidAPS,
 * or Loop for `loopShare` of them), 10–30 treatments a day, one profile at `origin`. Generated in
 * chunks by `chunks(from, to, ms)` so a year is never held in memory at once; the same seed and
 * range give the same documents.
 */
function createGenerator({ seed = 1, origin, loopShare = 0 }) {
  const rng = random(seed);
  const makeId = idMaker(rng);
  const state = { previous: undefined, delta: 0, cob: 0, iob: 0.5, reservoir: 180, pumpBattery: 100, lastBolus: 0, lastBolusAt: iso(origin) };
  const glucose = glucoseWalk(rng, state);
  let day = -1;
  let plan = [];

  /** One day's treatments, decided when the day starts. */
  function planDay(dayStart) {
    const events = [];
    const at = (hour, spreadMinutes) => dayStart + Math.round((hour * 60 + rng.between(-spreadMinutes, spreadMinutes)) * MINUTE);
    for (const hour of [7.5, 12.5, 19]) events.push({ at: at(hour, 45), eventType: 'Meal Bolus', carbs: rng.int(20, 80) });
    for (let i = rng.int(0, 2); i > 0; i--) events.push({ at: at(rng.between(9, 22), 30), eventType: 'Carb Correction', carbs: rng.int(8, 20) });
    for (let i = rng.int(1, 4); i > 0; i--) events.push({ at: at(rng.between(1, 23), 30), eventType: 'Correction Bolus' });
    for (let i = rng.int(6, 18); i > 0; i--) events.push({ at: at(rng.between(0.5, 23.5), 25), eventType: 'Temp Basal' });
    if (rng.next() < 0.5) events.push({ at: at(rng.between(8, 22), 30), eventType: 'Note', notes: rng.pick(['Exercise: 45 min walk', 'Feeling low', 'Pizza night', 'Stressful day at work', 'Sick, high temp basal', 'Coffee']) });
    const dayIndex = Math.round((dayStart - origin) / DAY);
    if (dayIndex % 3 === 0) events.push({ at: at(20, 60), eventType: 'Site Change', notes: 'Pod changed' });
    if (dayIndex % 10 === 0) events.push({ at: at(18, 60), eventType: 'Sensor Change', notes: 'G6 sensor' });
    return events.map((e) => ({ ...e, at: Math.max(dayStart, Math.min(dayStart + DAY - 1, e.at)) })).sort((a, b) => a.at - b.at);
  }

  function treatment(event) {
    const base = { eventType: event.eventType, created_at: iso(event.at), utcOffset: 0, date: event.at, enteredBy: 'AndroidAPS', isValid: true, pumpType: 'OMNIPOD_DASH', pumpSerial: '4241' };
    switch (event.eventType) {
      case 'Meal Bolus': {
        const insulin = Math.round((event.carbs / 10) * 20) / 20;
        state.cob += event.carbs;
        Object.assign(state, { iob: state.iob + insulin, lastBolus: insulin, lastBolusAt: iso(event.at), reservoir: state.reservoir - insulin });
        return { ...base, carbs: event.carbs, insulin, type: 'NORMAL', isSMB: false, pumpId: event.at };
      }
      case 'Correction Bolus': {
        const insulin = Math.round(rng.between(0.2, 2) * 20) / 20;
        Object.assign(state, { iob: state.iob + insulin, lastBolus: insulin, lastBolusAt: iso(event.at), reservoir: state.reservoir - insulin });
        return { ...base, insulin, type: rng.next() < 0.7 ? 'SMB' : 'NORMAL', isSMB: true, pumpId: event.at };
      }
      case 'Carb Correction':
        state.cob += event.carbs;
        return { ...base, carbs: event.carbs };
      case 'Temp Basal': {
        const absolute = Math.round(rng.between(0, 2.5) * 100) / 100;
        return { ...base, duration: 30, durationInMilliseconds: 30 * MINUTE, absolute, rate: absolute, type: 'NORMAL', pumpId: event.at };
      }
      case 'Site Change':
        state.reservoir = 200;
        return { ...base, notes: event.notes };
      case 'Sensor Change':
        return { ...base, notes: event.notes };
      default:
        return { ...base, notes: event.notes };
    }
  }

  /** Documents of [from, to) (multiples of 5 minutes after `origin`), in time order per collection. */
  function range(from, to) {
    const out = { entries: [], devicestatus: [], treatments: [], profile: [] };
    if (from <= origin && origin < to) out.profile.push(profileStore(origin, makeId));
    for (let at = from; at < to; at += FIVE_MINUTES) {
      const dayIndex = Math.floor((at - origin) / DAY);
      if (dayIndex !== day) {
        day = dayIndex;
        plan = planDay(origin + dayIndex * DAY);
      }
      while (plan.length && plan[0].at < at + FIVE_MINUTES) {
        const event = plan.shift();
        out.treatments.push(stamped(makeId(event.at), treatment(event), event.at + rng.int(5_000, 60_000)));
      }
      const sgv = glucose();
      const delta = state.previous === undefined ? 0 : sgv - state.previous;
      state.previous = sgv;
      state.delta = delta;
      // Carbs absorb and insulin decays over hours: the figures device status reports.
      state.cob = Math.max(0, state.cob - 2.5);
      state.iob = Math.max(0, state.iob * 0.97 + rng.between(-0.05, 0.05));
      state.pumpBattery = state.pumpBattery > 5 ? state.pumpBattery - 0.01 : 100;
      const reading = at + rng.int(0, 20_000);
      out.entries.push(
        stamped(makeId(reading), {
          type: 'sgv', sgv, direction: direction(delta), delta, noise: 1,
          filtered: sgv * 1000 + rng.int(-800, 800), unfiltered: sgv * 1000 + rng.int(-1500, 1500), rssi: 100,
          device: 'AndroidAPS-DexcomG6', app: 'AndroidAPS', isValid: true,
          date: reading, dateString: iso(reading), sysTime: iso(reading), utcOffset: 0,
        }, reading + rng.int(2_000, 40_000)),
      );
      const statusAt = reading + rng.int(10_000, 60_000);
      const iob = Math.round(state.iob * 100) / 100;
      const status = rng.next() < loopShare ? loopStatus(rng, statusAt, sgv, iob, state) : aapsStatus(rng, statusAt, sgv, iob, state);
      out.devicestatus.push(stamped(makeId(statusAt), status, statusAt + rng.int(1_000, 10_000)));
    }
    return out;
  }

  return { range };
}

/** The range of `days` of data ending at `end` (now by default), on the 5-minute grid. */
function span(days, end = Date.now()) {
  const to = Math.floor(end / FIVE_MINUTES) * FIVE_MINUTES;
  return { from: to - Math.round(days * DAY / FIVE_MINUTES) * FIVE_MINUTES, to };
}

module.exports = { createGenerator, span, random, DAY, FIVE_MINUTES };
