import { directionOf } from '../format/glucose';

/** The CGM's trend as a drawn arrow (no icon font needed), with words for screen readers. */
export function TrendArrow({ direction }: { direction?: string }) {
  const trend = directionOf(direction);
  if (!trend) return null;
  if (trend.angle === undefined) return <span className="trend-words">{trend.words}</span>;
  const arrow = (dx: number) => <path d={`M${12 + dx} 3 L${19 + dx} 11 H${14.5 + dx} V21 H${9.5 + dx} V11 H${5 + dx} Z`} />;
  return (
    <span className="trend" role="img" aria-label={trend.words}>
      <svg viewBox={trend.double ? '-4 0 32 24' : '0 0 24 24'} width={trend.double ? 40 : 30} height={30} aria-hidden="true">
        <g transform={`rotate(${trend.angle} 12 12)`}>{trend.double ? [arrow(-5), arrow(5)] : arrow(0)}</g>
      </svg>
    </span>
  );
}
