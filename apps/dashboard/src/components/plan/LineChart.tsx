import { useId } from 'react';

export interface Series {
  name: string;
  className: string;
  values: Array<number | null>;
}

/**
 * Lines over a shared x axis (labels every few points) on a fixed viewBox that scales with its box; a
 * dashed reference line (a goal) when given. The table beside it carries the numbers.
 */
export function LineChart({
  title,
  labels,
  series,
  reference,
  format,
  invert = false,
}: {
  title: string;
  labels: string[];
  series: Series[];
  reference?: { value: number; label: string } | null;
  format: (v: number) => string;
  /** Smaller is better (times): smaller values drawn higher. */
  invert?: boolean;
}) {
  const id = useId();
  const W = 600;
  const H = 200;
  const left = 56;
  const bottom = 24;
  const all = series.flatMap((s) => s.values.filter((v): v is number => v != null));
  if (reference) all.push(reference.value);
  if (!all.length) return null;
  let lo = Math.min(...all);
  let hi = Math.max(...all);
  if (hi - lo < 1e-9) {
    lo -= 1;
    hi += 1;
  }
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const x = (i: number) => left + (labels.length <= 1 ? (W - left) / 2 : (i / (labels.length - 1)) * (W - left - 8));
  const y = (v: number) => {
    const t = (v - lo) / (hi - lo);
    return 8 + (invert ? t : 1 - t) * (H - bottom - 8);
  };
  const every = Math.max(1, Math.ceil(labels.length / 6));
  return (
    <figure className="line-figure">
      <svg className="line-chart" viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{title}</title>
        <line className="axis" x1={left} x2={W} y1={H - bottom} y2={H - bottom} />
        {[lo + pad, hi - pad].map((v) => (
          <text key={v} x={left - 6} y={y(v) + 4} textAnchor="end">
            {format(v)}
          </text>
        ))}
        {labels.map((l, i) =>
          i % every === 0 ? (
            <text
              key={l + i}
              x={x(i)}
              y={H - 6}
              textAnchor={i === 0 && labels.length > 1 ? 'start' : i >= labels.length - every ? 'end' : 'middle'}
            >
              {l}
            </text>
          ) : null,
        )}
        {reference && (
          <line className="goal" x1={left} x2={W} y1={y(reference.value)} y2={y(reference.value)}>
            <title>{reference.label}</title>
          </line>
        )}
        {series.map((s) => {
          const pts = s.values
            .map((v, i) => (v == null ? null : `${x(i).toFixed(1)},${y(v).toFixed(1)}`))
            .filter((p): p is string => !!p);
          return pts.length === 1 ? (
            <circle key={s.name} className={s.className} cx={pts[0]!.split(',')[0]} cy={pts[0]!.split(',')[1]} r={4} />
          ) : (
            <polyline key={s.name} className={s.className} points={pts.join(' ')} />
          );
        })}
      </svg>
      <figcaption className="legend">
        {series.map((s) => (
          <span key={s.name} className={`legend-${s.className}`}>
            <svg width="18" height="8" aria-hidden="true">
              <line className={s.className} x1="0" x2="18" y1="4" y2="4" />
            </svg>{' '}
            {s.name}
          </span>
        ))}
        {reference && <span>- - {reference.label}</span>}
      </figcaption>
    </figure>
  );
}
