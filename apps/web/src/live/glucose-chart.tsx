'use client';
import type { DisplaySettings, LegacySnapshot } from '@nightscout/client';
import { useEffect, useRef, useState } from 'react';
import { formatGlucose, glucoseRange, unitsLabel } from '../format/glucose';
import { formatClock } from '../format/time';
import { activeProfile, basalSegments, hourTicks, linear, markersOf, type ChartRange } from './chart-model';

const HOUR = 3600_000;
/** Empty space after now, so the newest reading is not on the edge. */
const FUTURE_MS = 10 * 60_000;
const MARGIN = { left: 34, right: 8, top: 8, bottom: 20 };

interface GlucoseChartProps {
  data: LegacySnapshot;
  settings: DisplaySettings;
  range: ChartRange;
  now: number;
}

/** The container's width, followed as it changes (phones rotate). */
function useWidth(): [React.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(360);
  useEffect(() => {
    const element = ref.current;
    if (!element) return;
    setWidth(element.clientWidth || 360);
    const observer = new ResizeObserver(([entry]) => setWidth(Math.round(entry.contentRect.width) || 360));
    observer.observe(element);
    return () => observer.disconnect();
  }, []);
  return [ref, width];
}

/**
 * Glucose over the chosen hours: readings coloured against the thresholds, the target range,
 * meter readings, treatment markers (insulin, carbs, notes) and, with a profile, the basal rate.
 */
export function GlucoseChart({ data, settings, range, now }: GlucoseChartProps) {
  const [ref, width] = useWidth();
  const t = settings.thresholds;
  const from = now - range * HOUR;
  const to = now + FUTURE_MS;
  const sgvs = data.sgvs.filter((s) => s.mills >= from && s.mills <= to && s.mgdl >= 39);
  const mbgs = data.mbgs.filter((m) => m.mills >= from && m.mills <= to);
  const treatments = data.treatments.filter((tr) => tr.mills >= from && tr.mills <= to);
  const basal = basalSegments(activeProfile(data.profiles[0]), data.treatments, from, now);
  const basalHeight = basal.length > 0 ? 36 : 0;
  const height = (width < 600 ? 240 : 320) + basalHeight;
  const x = linear(from, to, MARGIN.left, width - MARGIN.right);
  const maxMgdl = Math.max(300, t.bgHigh + 20, ...sgvs.map((s) => s.mgdl + 10));
  const glucoseBottom = height - MARGIN.bottom - basalHeight;
  const y = linear(39, maxMgdl, glucoseBottom, MARGIN.top);
  const maxRate = Math.max(0.5, ...basal.map((b) => b.rate));
  const basalY = linear(0, maxRate, height - MARGIN.bottom, height - MARGIN.bottom - basalHeight + 4);
  const radius = range <= 6 ? 3.5 : range === 12 ? 2.5 : 2;
  const label = `Glucose over the last ${range} hours: ${sgvs.length} readings, ${treatments.length} treatments`;

  return (
    <div ref={ref} className="chart">
      <svg width={width} height={height} role="img" aria-label={label}>
        <rect className="target-range" x={MARGIN.left} width={Math.max(0, width - MARGIN.left - MARGIN.right)} y={y(t.bgTargetTop)} height={Math.max(0, y(t.bgTargetBottom) - y(t.bgTargetTop))} />
        {[t.bgLow, t.bgTargetBottom, t.bgTargetTop, t.bgHigh].map((v) => (
          <g key={v}>
            <line className={`threshold ${v === t.bgLow || v === t.bgHigh ? 'urgent' : ''}`} x1={MARGIN.left} x2={width - MARGIN.right} y1={y(v)} y2={y(v)} />
            <text className="axis" x={MARGIN.left - 4} y={y(v) + 4} textAnchor="end">
              {formatGlucose(v, settings.units)}
            </text>
          </g>
        ))}
        {hourTicks(from, to, range).map((tick) => (
          <g key={tick}>
            <line className="grid" x1={x(tick)} x2={x(tick)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
            <text className="axis" x={Math.min(Math.max(x(tick), MARGIN.left + 24), width - MARGIN.right - 26)} y={height - 6} textAnchor="middle">
              {formatClock(tick, settings.timeFormat)}
            </text>
          </g>
        ))}
        <line className="now" x1={x(now)} x2={x(now)} y1={MARGIN.top} y2={height - MARGIN.bottom} />
        {basal.length > 0 && (
          <g className="basal">
            {basal.map((b) => (
              <rect key={b.from} className={b.temp ? 'temp' : ''} x={x(b.from)} width={Math.max(0.5, x(b.to) - x(b.from))} y={basalY(b.rate)} height={height - MARGIN.bottom - basalY(b.rate)}>
                <title>{`Basal ${b.rate.toFixed(2)} U/h${b.temp ? ' (temp)' : ''}`}</title>
              </rect>
            ))}
          </g>
        )}
        {sgvs.map((s) => (
          <circle key={`${s._id}-${s.mills}`} className={`sgv ${glucoseRange(s.mgdl, t)}`} cx={x(s.mills)} cy={y(s.mgdl)} r={radius} />
        ))}
        {mbgs.map((m) => (
          <circle key={m._id} className="mbg" cx={x(m.mills)} cy={y(m.mgdl)} r={radius + 1.5} />
        ))}
        {treatments.flatMap((tr) => {
          const cx = x(tr.mills);
          const at = y(Number(tr.mgdl ?? (typeof tr.mmol === 'number' ? tr.mmol * 18 : 180)));
          return markersOf(tr).map((kind) => {
            const key = `${tr._id}-${kind}`;
            const title = `${String(tr.eventType || 'Treatment')} at ${formatClock(tr.mills, settings.timeFormat)}`;
            if (kind === 'insulin') {
              const cy = at + 14;
              return (
                <g key={key} className="marker insulin">
                  <path d={`M${cx - 6},${cy - 5} L${cx + 6},${cy - 5} L${cx},${cy + 5} Z`} />
                  <text x={cx} y={cy + 16} textAnchor="middle">{`${Number(tr.insulin)}U`}</text>
                  <title>{`${title}: ${Number(tr.insulin)} U insulin`}</title>
                </g>
              );
            }
            if (kind === 'carbs') {
              const cy = at - 16;
              return (
                <g key={key} className="marker carbs">
                  <circle cx={cx} cy={cy} r={6} />
                  <text x={cx} y={cy - 9} textAnchor="middle">{`${Number(tr.carbs)}g`}</text>
                  <title>{`${title}: ${Number(tr.carbs)} g carbs`}</title>
                </g>
              );
            }
            return (
              <g key={key} className="marker note">
                <path d={`M${cx},${at - 6} L${cx + 5},${at} L${cx},${at + 6} L${cx - 5},${at} Z`} />
                <title>{tr.notes ? `${title}: ${String(tr.notes)}` : title}</title>
              </g>
            );
          });
        })}
      </svg>
      <p className="chart-units">{unitsLabel(settings.units)}</p>
    </div>
  );
}
