import type { SgvItem } from '@nightscout/protocol';
import { MINUTE, roundBg, scaleMgdl, type DisplayUnits } from './units';

/** A reading with its value in the display units, as the reference's sandbox annotates it. */
export type ScaledSgv = SgvItem & { scaled: number };

export interface Bucket {
  index: number;
  fromMills: number;
  toMills: number;
  sgvs: ScaledSgv[];
  isEmpty?: true;
  mean?: number;
  last?: number;
  mills?: number;
  errors?: ScaledSgv[];
}

export type BgNow = Omit<Bucket, 'index' | 'fromMills' | 'toMills'>;

export interface Delta {
  absolute: number;
  elapsedMins: number;
  interpolated: boolean;
  mean5MinsAgo: number;
  times: { recent: number; previous: number };
  mgdl: number;
  scaled: number;
  display: string;
  previous: BgNow;
}

export interface Direction {
  display: null;
  value?: string;
  label?: string;
  entity?: string;
}

const BUCKET_COUNT = 4;
const BUCKET_MS = 5 * MINUTE;
/** Buckets are centred on the latest reading's time. */
const OFFSET_MS = 2.5 * MINUTE;

export const scaled = (sgv: SgvItem, units: DisplayUnits): ScaledSgv => ({ ...sgv, scaled: scaleMgdl(sgv.mgdl, units) });

const withoutBucketFields = ({ index: _i, fromMills: _f, toMills: _t, ...rest }: Bucket): BgNow => rest;

/**
 * The reference's `bgnow` plugin: four 5-minute buckets back from the latest reading, each with the
 * mean of its valid readings (values above 39 mg/dl; lower values are CGM error codes).
 */
export function fillBuckets(sgvs: readonly SgvItem[], time: number, units: DisplayUnits): Bucket[] {
  const lastMills = sgvs.findLast((s) => s.mills <= time)?.mills;
  const buckets: Bucket[] = Array.from({ length: BUCKET_COUNT }, (_, index) => {
    const fromMills = (lastMills ?? NaN) - OFFSET_MS - index * BUCKET_MS;
    return { index, fromMills, toMills: fromMills + BUCKET_MS, sgvs: [] };
  });
  // Newest first; stop at the first reading (not in the future) that falls in no bucket.
  for (let i = sgvs.length - 1; i >= 0; i--) {
    const sgv = sgvs[i];
    if (sgv.mills > time) continue;
    const bucket = buckets.find((b) => sgv.mills >= b.fromMills && sgv.mills <= b.toMills);
    if (!bucket) break;
    bucket.sgvs.push(scaled(sgv, units));
  }
  return buckets.map(analyzeBucket);
}

function analyzeBucket(bucket: Bucket): Bucket {
  if (bucket.sgvs.length === 0) return { ...bucket, isEmpty: true };
  const valid = bucket.sgvs.filter((s) => s.mgdl > 39);
  const result: Bucket = { ...bucket };
  const mean = valid.reduce((sum, s) => sum + Number(s.mgdl), 0) / valid.length;
  if (mean) result.mean = mean;
  const mostRecent = valid.reduce<ScaledSgv | undefined>((best, s) => (!best || s.mills > best.mills ? s : best), undefined);
  if (mostRecent) {
    result.last = mostRecent.mgdl;
    result.mills = mostRecent.mills;
  }
  const errors = bucket.sgvs.filter((s) => !s.mgdl || s.mgdl < 39);
  if (errors.length > 0) result.errors = errors;
  return result;
}

export function bgNow(buckets: readonly Bucket[]): BgNow | undefined {
  const recent = buckets.find((b) => !b.isEmpty);
  return recent && withoutBucketFields(recent);
}

/** Change against the previous non-empty bucket, interpolated to 5 minutes when more than 9 apart. */
export function delta(buckets: readonly Bucket[], units: DisplayUnits): Delta | undefined {
  const recent = buckets.find((b) => !b.isEmpty);
  const previous = recent && buckets.find((b) => b.mills !== undefined && recent.mills !== undefined && b.mills < recent.mills && !b.isEmpty);
  if (!recent || !previous || recent.mean === undefined || previous.mean === undefined) return undefined;
  return deltaBetween({ mean: recent.mean, mills: recent.mills! }, { mean: previous.mean, mills: previous.mills! }, units, withoutBucketFields(previous));
}

export function deltaBetween(recent: { mean: number; mills: number }, previous: { mean: number; mills: number }, units: DisplayUnits, previousBucket: BgNow): Delta {
  const absolute = recent.mean - previous.mean;
  const elapsedMins = (recent.mills - previous.mills) / MINUTE;
  const interpolated = elapsedMins > 9;
  const mean5MinsAgo = interpolated ? recent.mean - (absolute / elapsedMins) * 5 : recent.mean - absolute;
  const mgdl = Math.round(recent.mean - mean5MinsAgo);
  const scaledDelta = units === 'mmol' ? roundBg(scaleMgdl(recent.mean, units) - scaleMgdl(mean5MinsAgo, units), units) : mgdl;
  return {
    absolute,
    elapsedMins,
    interpolated,
    mean5MinsAgo,
    times: { recent: recent.mills, previous: previous.mills },
    mgdl,
    scaled: scaledDelta,
    display: `${scaledDelta >= 0 ? '+' : ''}${scaledDelta}`,
    previous: previousBucket,
  };
}

const ARROWS = new Map([
  ['NONE', '⇼'], ['TripleUp', '⤊'], ['DoubleUp', '⇈'], ['SingleUp', '↑'], ['FortyFiveUp', '↗'], ['Flat', '→'],
  ['FortyFiveDown', '↘'], ['SingleDown', '↓'], ['DoubleDown', '⇊'], ['TripleDown', '⤋'], ['NOT COMPUTABLE', '-'], ['RATE OUT OF RANGE', '⇕'],
]);

/** The latest reading's trend arrow, when that reading is at most 15 minutes old. */
export function direction(last: SgvItem | undefined, time: number): Direction | undefined {
  if (!last || time - last.mills > 15 * MINUTE) return undefined;
  const label = (last.direction !== undefined && ARROWS.get(last.direction)) || '-';
  return { display: null, value: last.direction, label, entity: `&#${label.charCodeAt(0)};` };
}
