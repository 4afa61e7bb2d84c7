import type { DeviceStatusItem } from '@nightscout/protocol';
import { RECENT_LOOP_MS } from './openaps';
import { MINUTE, millsOf } from './units';

type Doc = Record<string, unknown>;

export interface LoopProperty {
  lastLoop: (Doc & { moment: string }) | null;
  lastEnacted: (Doc & { moment: string }) | null;
  lastPredicted: Doc | null;
  lastOverride?: Doc & { moment: string };
  lastOkMoment: string | null;
  display: { symbol: string; code: string; label: string };
}

const isObject = (value: unknown): value is Doc => typeof value === 'object' && value !== null && !Array.isArray(value);
const iso = (mills: number) => new Date(mills).toISOString();

/** The reference's Loop analysis of the last 6 hours: last loop, last enacted, prediction, override, last success. */
export function analyzeLoop(devicestatus: readonly DeviceStatusItem[], time: number, warnMins: number): LoopProperty {
  const recent = time - (warnMins / 2) * MINUTE;
  const result: LoopProperty = { lastLoop: null, lastEnacted: null, lastPredicted: null, lastOkMoment: null, display: { symbol: '⚠', code: 'warning', label: 'Warning' } };
  let lastLoopAt: number | undefined;
  let enactedAt: number | undefined;
  let overrideAt: number | undefined;
  let okAt: number | undefined;
  for (const status of devicestatus) {
    if (!isObject(status.loop) || status.mills > time || status.mills < time - RECENT_LOOP_MS) continue;
    const loop = status.loop;
    const at = millsOf(loop.timestamp);
    if (at === undefined) continue;
    const enacted = isObject(loop.enacted) ? loop.enacted : undefined;
    const enactedMills = enacted && millsOf(enacted.timestamp);
    if (enacted && enactedMills !== undefined && (enactedAt === undefined || enactedMills > enactedAt)) {
      result.lastEnacted = { ...enacted, moment: iso(enactedMills) };
      enactedAt = enactedMills;
    }
    if (lastLoopAt === undefined || at > lastLoopAt) {
      result.lastLoop = { ...loop, moment: iso(at) };
      lastLoopAt = at;
    }
    if (isObject(loop.predicted) && loop.predicted.startDate) result.lastPredicted = loop.predicted;
    const override = isObject(status.override) ? status.override : undefined;
    const overrideMills = override && millsOf(override.timestamp);
    if (override && overrideMills !== undefined && (overrideAt === undefined || overrideMills > overrideAt)) {
      result.lastOverride = { ...override, moment: iso(overrideMills) };
      overrideAt = overrideMills;
    }
    if (!loop.failureReason && (okAt === undefined || at > okAt)) {
      okAt = at;
      result.lastOkMoment = iso(at);
    }
  }
  result.display = display(result.lastLoop, lastLoopAt, recent);
  return result;
}

function display(last: Doc | null, at: number | undefined, recent: number): LoopProperty['display'] {
  if (!last) return { symbol: '⚠', code: 'warning', label: 'Warning' };
  const enacted = isObject(last.enacted) ? last.enacted : undefined;
  if (last.failureReason || (enacted && !enacted.received)) return { symbol: 'x', code: 'error', label: 'Error' };
  if (enacted && (millsOf(last.timestamp) ?? 0) > recent) return { symbol: '⌁', code: 'enacted', label: 'Enacted' };
  const recommended = isObject(last.recommendedTempBasal) ? last.recommendedTempBasal : undefined;
  if (recommended && (millsOf(recommended.timestamp) ?? 0) > recent) return { symbol: '⏀', code: 'recommendation', label: 'Recomendation' };
  if (at !== undefined && at > recent) return { symbol: '↻', code: 'looping', label: 'Looping' };
  return { symbol: '⚠', code: 'warning', label: 'Warning' };
}
