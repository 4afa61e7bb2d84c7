import type { BgNow, Delta } from './bg-now';
import { MINUTE } from './units';

/** Central tendency the AR(2) model works around, and the range its points are clamped to. */
const BG_REF = 140;
const BG_MIN = 36;
const BG_MAX = 400;
/** AR(2) coefficients on log(bg / BG_REF): next = -0.723·prev + 1.716·curr. */
const AR = [-0.723, 1.716] as const;
const WARN_LOSS = 0.05;
const URGENT_LOSS = 0.1;
const COLOR = 'cyan';
/** Per-step widening of the forecast cone (log space), 13 steps of 5 minutes. */
const CONE_STEPS = [0.02, 0.041, 0.061, 0.081, 0.099, 0.116, 0.132, 0.146, 0.159, 0.171, 0.182, 0.192, 0.201];

export interface ForecastPoint {
  mills: number;
  mgdl: number;
  color: string;
}

export interface Forecast {
  predicted: ForecastPoint[];
  avgLoss: number;
}

interface State {
  forecastTime: number;
  prev: number;
  curr: number;
}

function start(bgnow: BgNow | undefined, delta: Delta | undefined, time: number): State | undefined {
  if (!bgnow || !delta || bgnow.mean === undefined || !(bgnow.mean >= BG_MIN) || !delta.mean5MinsAgo) return undefined;
  return { forecastTime: bgnow.mills || time, prev: Math.log(delta.mean5MinsAgo / BG_REF), curr: Math.log(bgnow.mean / BG_REF) };
}

const step = (s: State): State => ({ forecastTime: s.forecastTime + 5 * MINUTE, prev: s.curr, curr: AR[0] * s.prev + AR[1] * s.curr });

function point(s: State, offset: number, cone = 0): ForecastPoint {
  const mgdl = Math.round(BG_REF * Math.exp(s.curr + cone));
  return { mills: s.forecastTime + offset, mgdl: Math.max(BG_MIN, Math.min(BG_MAX, mgdl)), color: COLOR };
}

/**
 * The next 30 minutes (six 5-minute points) from the current mean and the one 5 minutes before,
 * and the mean squared log-distance of those points from 120 mg/dl (`avgLoss`), which decides
 * the alarm level.
 */
export function forecast(bgnow: BgNow | undefined, delta: Delta | undefined, time: number): Forecast {
  let state = start(bgnow, delta, time);
  if (!state) return { predicted: [], avgLoss: 0 };
  const predicted: ForecastPoint[] = [];
  for (let i = 0; i < 6; i++) {
    state = step(state);
    predicted.push(point(state, 2000));
  }
  const size = Math.min(predicted.length - 1, 6);
  let avgLoss = 0;
  for (let j = 0; j <= size; j++) avgLoss += (1 / size) * Math.log10(predicted[j].mgdl / 120) ** 2;
  return { predicted, avgLoss };
}

/** 65 minutes of upper and lower cone points (`AR2_CONE_FACTOR` widens it; 0 draws one line). */
export function forecastCone(bgnow: BgNow | undefined, delta: Delta | undefined, time: number, coneFactor: number): ForecastPoint[] {
  let state = start(bgnow, delta, time);
  if (!state) return [];
  const points: ForecastPoint[] = [];
  for (const width of CONE_STEPS) {
    state = step(state);
    if (coneFactor > 0) points.push(point(state, 2000, -coneFactor * width));
    points.push(point(state, 4000, coneFactor * width));
  }
  return points;
}

/** WARN above an average loss of 0.05, URGENT above 0.10 (undefined below). */
export const forecastLevel = (f: Forecast): 1 | 2 | undefined => (f.avgLoss > URGENT_LOSS ? 2 : f.avgLoss > WARN_LOSS ? 1 : undefined);
