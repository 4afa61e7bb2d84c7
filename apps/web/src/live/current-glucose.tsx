'use client';
import type { ConnectionStatus, DisplaySettings, LastReading } from '@nightscout/client';
import { formatDelta, formatGlucose, glucoseRange, unitsLabel } from '../format/glucose';
import { formatAge } from '../format/time';
import { TrendArrow } from './trend-arrow';

interface CurrentGlucoseProps {
  last: LastReading | undefined;
  settings: DisplaySettings;
  connection: ConnectionStatus;
  /** True once the first snapshot arrived. */
  loaded: boolean;
}

/** Why the value on screen may not be the child's glucose now, or undefined when it is current. */
export function staleness(last: LastReading, settings: DisplaySettings, connection: ConnectionStatus): { level: 'warn' | 'urgent'; text: string } | undefined {
  const minutes = Math.floor(last.ageMs / 60_000);
  if (connection !== 'connected') return { level: 'urgent', text: connection === 'offline' || connection === 'refused' ? 'Not current: offline' : 'Not current: reconnecting' };
  if (minutes >= settings.alarmTimeagoUrgentMins) return { level: 'urgent', text: `Stale: no reading for ${minutes} min` };
  if (minutes >= settings.alarmTimeagoWarnMins) return { level: 'warn', text: `Stale: no reading for ${minutes} min` };
  return undefined;
}

/** The newest reading, large: value, trend, change and age, marked when it is not current. */
export function CurrentGlucose({ last, settings, connection, loaded }: CurrentGlucoseProps) {
  if (!last) {
    return (
      <section className="current" role="status" aria-label="Current glucose">
        <span className="no-data">{loaded ? 'No readings in the last two days' : 'Loading…'}</span>
      </section>
    );
  }
  const stale = staleness(last, settings, connection);
  const units = settings.units;
  return (
    <section className={`current ${glucoseRange(last.sgv.mgdl, settings.thresholds)} ${stale ? `stale ${stale.level}` : ''}`} role="status" aria-label="Current glucose">
      <span className="value">{formatGlucose(last.sgv.mgdl, units)}</span>
      <span className="units">{unitsLabel(units)}</span>
      <TrendArrow direction={last.sgv.direction} />
      <span className="details">
        {last.deltaMgdl !== undefined && <span className="delta">{`${formatDelta(last.deltaMgdl, units)} ${unitsLabel(units)}`}</span>}
        <span className="age">{formatAge(last.ageMs)}</span>
      </span>
      {stale && <span className="not-current">{stale.text}</span>}
    </section>
  );
}
