import type { PluginSettings } from '../config/plugin-settings';

export interface DbSize {
  level?: undefined;
  display: string;
  status: string;
  totalDataSize: number;
  dataPercentage: number;
  notificationLevel: number;
  details: { maxSize: number; dataSize: number };
}

const MIB = 1024 * 1024;

/** Data plus index size against `DBSIZE_MAX` MiB, with the warn/urgent percentages. */
export function dbSize(stats: { dataSize?: number; indexSize?: number } | undefined, prefs: PluginSettings['dbsize']): DbSize {
  const maxSize = prefs.max > 0 ? prefs.max : 100 * 1024;
  const total = ((stats?.dataSize || 0) + (stats?.indexSize || 0)) / MIB;
  const dataPercentage = Math.floor((total * 100) / maxSize);
  const warn = Math.trunc(Math.max(0, Math.min(100, prefs.warnPercentage)));
  const urgent = Math.trunc(Math.max(0, Math.min(100, prefs.urgentPercentage)));
  let notificationLevel = 0;
  if (total >= Math.floor((urgent / 100) * maxSize) && urgent > 0) notificationLevel = 2;
  else if (total >= Math.floor((warn / 100) * maxSize) && warn > 0) notificationLevel = 1;
  return {
    level: undefined,
    display: prefs.inMib ? `${parseFloat(total.toFixed(0))}MiB` : `${dataPercentage}%`,
    status: notificationLevel === 1 ? 'warn' : notificationLevel === 2 ? 'urgent' : 'current',
    totalDataSize: total,
    dataPercentage,
    notificationLevel,
    details: { maxSize: parseFloat(maxSize.toFixed(2)), dataSize: parseFloat(total.toFixed(2)) },
  };
}
