import { useId } from 'react';
import { useWidth } from '../lib/use-width.ts';

export interface Bar {
  key: string;
  label: string;
  value: number;
  text: string;
}

/**
 * Labelled bars (value above, period below) drawn at the width of their box, so the text keeps
 * its size on a phone; when bars get narrow, every other label (and no value) is written. The
 * table next to it carries the same numbers for screen readers and copy-paste.
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
  const [ref, W] = useWidth<HTMLElement>(600);
  const H = W < 480 ? 200 : 240;
  const top = 22;
  const bottom = 30;
  const max = Math.max(...bars.map((b) => b.value), 0);
  const slot = W / Math.max(1, bars.length);
  const barW = Math.min(36, slot * 0.7);
  const h = (v: number) => (max > 0 ? (v / max) * (H - top - bottom) : 0);
  const labelEvery = Math.ceil(44 / slot);
  const showValues = slot >= 30;
  return (
    <figure className="bar-chart" ref={ref}>
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
              {showValues && (
                <text x={x + barW / 2} y={H - bottom - bh - 5} textAnchor="middle" className="bar-value">
                  {b.value > 0 ? (b.value >= 100 ? Math.round(b.value) : b.value.toFixed(b.value >= 10 ? 0 : 1)) : '0'}
                </text>
              )}
              {(bars.length - 1 - i) % labelEvery === 0 && (
                <text x={x + barW / 2} y={H - bottom + 16} textAnchor="middle" className="bar-label">
                  {b.label}
                </text>
              )}
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
