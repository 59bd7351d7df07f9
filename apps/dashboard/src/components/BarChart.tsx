import { useId } from 'react';

export interface Bar {
  key: string;
  label: string;
  value: number;
  text: string;
}

/**
 * Labelled bars (value above, period below) drawn to a fixed viewBox that scales with its box;
 * the table next to it carries the same numbers for screen readers and copy-paste.
 */
export function BarChart({
  bars,
  title,
  unit,
  highlightLast = true,
}: {
  bars: Bar[];
  title: string;
  unit: string;
  highlightLast?: boolean;
}) {
  const id = useId();
  const W = 600;
  const H = 240;
  const top = 22;
  const bottom = 30;
  const max = Math.max(...bars.map((b) => b.value), 0);
  const slot = W / Math.max(1, bars.length);
  const barW = Math.min(36, slot * 0.7);
  const h = (v: number) => (max > 0 ? (v / max) * (H - top - bottom) : 0);
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`} preserveAspectRatio="xMidYMid meet">
        <title id={`${id}-t`}>{`${title}: ${bars.map((b) => `${b.label} ${b.text}`).join(', ')}`}</title>
        <line x1={0} x2={W} y1={H - bottom} y2={H - bottom} className="baseline" />
        {bars.map((b, i) => {
          const x = i * slot + (slot - barW) / 2;
          const bh = h(b.value);
          return (
            <g key={b.key}>
              <rect
                x={x}
                y={H - bottom - bh}
                width={barW}
                height={Math.max(bh, b.value > 0 ? 1 : 0)}
                rx={3}
                className={highlightLast && i === bars.length - 1 ? 'bar bar-current' : 'bar'}
              />
              <text x={x + barW / 2} y={H - bottom - bh - 5} textAnchor="middle" className="bar-value">
                {b.value > 0 ? (b.value >= 100 ? Math.round(b.value) : b.value.toFixed(b.value >= 10 ? 0 : 1)) : '0'}
              </text>
              <text x={x + barW / 2} y={H - bottom + 16} textAnchor="middle" className="bar-label">
                {b.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption className="meta">
        {title} ({unit})
      </figcaption>
    </figure>
  );
}
