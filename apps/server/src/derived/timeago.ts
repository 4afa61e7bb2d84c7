import { HOUR, MINUTE } from './units';

export interface Ago {
  value?: number;
  label: string;
  shortLabel: string;
}

const DAY = 24 * HOUR;

/** "5 mins ago", "2 hours ago" … as the reference's `timeago.calcDisplay` words it. */
export function calcAgo(mills: number | undefined, time: number): Ago {
  if (mills === undefined || Number.isNaN(mills) || Number.isNaN(time)) return { label: 'time ago', shortLabel: 'ago' };
  if (mills - 5 * MINUTE > time) return { label: 'in the future', shortLabel: 'future' };
  if (mills > time) return { value: 1, label: 'min ago', shortLabel: 'm' };
  const since = time - mills;
  const steps: [number, number, string, string][] = [
    [2 * MINUTE, MINUTE, 'min ago', 'm'],
    [HOUR, MINUTE, 'mins ago', 'm'],
    [2 * HOUR, HOUR, 'hour ago', 'h'],
    [DAY, HOUR, 'hours ago', 'h'],
    [2 * DAY, DAY, 'day ago', 'd'],
    [7 * DAY, DAY, 'days ago', 'd'],
  ];
  const step = steps.find(([limit]) => since < limit);
  if (!step) return { label: 'long ago', shortLabel: 'ago' };
  return { value: Math.max(1, Math.round(since / step[1])), label: step[2], shortLabel: step[3] };
}

/** `5m ago`, `2h ago` (the reference's `utils.formatAgo`). */
export function formatAgo(mills: number, time: number): string {
  const ago = calcAgo(mills, time);
  return `${ago.value ?? ''}${ago.shortLabel}${ago.shortLabel.length === 1 ? ' ago' : ''}`;
}

/** `urgent`/`warn` when the latest reading is older than the stale-data minutes, else `current`. */
export function staleness(
  lastMills: number | undefined,
  time: number,
  s: { alarmTimeagoWarn: boolean; alarmTimeagoWarnMins: number; alarmTimeagoUrgent: boolean; alarmTimeagoUrgentMins: number },
): 'current' | 'warn' | 'urgent' {
  if (lastMills === undefined) return 'current';
  if (s.alarmTimeagoUrgent && time - lastMills > s.alarmTimeagoUrgentMins * MINUTE) return 'urgent';
  if (s.alarmTimeagoWarn && time - lastMills > s.alarmTimeagoWarnMins * MINUTE) return 'warn';
  return 'current';
}
