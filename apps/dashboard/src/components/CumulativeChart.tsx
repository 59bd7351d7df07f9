import { useId } from 'react';
import { useWidth } from '../lib/use-width.ts';
import { unitLength, type Units } from '../lib/units.ts';

export interface YearLine {
  year: number;
  /** Metres run by the end of each day of the year (as far as it is known). */
  values: number[];
}

// Where each month starts in a year without 29 February (close enough for the axis).
const MONTH_STARTS = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

/**
 * Distance added up through the year, one line per year on the same January-to-December axis,
 * this year the strongest. Lines differ by colour and by dash, so that they can be told apart
 * without colour; the title says every year's total, and the table beside it the same numbers.
 */
export function CumulativeChart({ lines, units, summary }: { lines: YearLine[]; units: Units; summary: string }) {
  const id = useId();
  const [ref, W] = useWidth<HTMLElement>(600);
  const H = W < 480 ? 220 : 260;
  const left = 44;
  const right = 8;
  const top = 10;
  const bottom = 26;
  const len = unitLength(units);
  const max = Math.max(1, ...lines.map((l) => (l.values[l.values.length - 1] ?? 0) / len));
  const step = niceStep(max / 4);
  const ticks = Array.from({ length: Math.floor(max / step) + 1 }, (_, i) => i * step);
  const yMax = Math.max(max, ticks[ticks.length - 1]!);
  const x = (day: number) => left + (day / 365) * (W - left - right);
  const y = (v: number) => top + (1 - v / yMax) * (H - top - bottom);
  const months = new Intl.DateTimeFormat(undefined, { month: W < 480 ? 'narrow' : 'short', timeZone: 'UTC' });
  return (
    <figure className="yoy-chart" ref={ref}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-labelledby={`${id}-t`}>
        <title id={`${id}-t`}>{summary}</title>
        {ticks.map((t) => (
          <g key={t}>
            <line x1={left} x2={W - right} y1={y(t)} y2={y(t)} className="grid" />
            <text x={left - 6} y={y(t) + 4} textAnchor="end" className="axis-label">
              {t}
            </text>
          </g>
        ))}
        {MONTH_STARTS.map((d, i) => (
          <text key={d} x={x(d + 15)} y={H - 8} textAnchor="middle" className="axis-label">
            {months.format(new Date(Date.UTC(2025, i, 1)))}
          </text>
        ))}
        {[...lines].reverse().map((l) => {
          const i = lines.indexOf(l);
          const path = l.values.map((v, d) => `${d ? 'L' : 'M'}${x(d).toFixed(1)},${y(v / len).toFixed(1)}`).join('');
          return <path key={l.year} d={path} className={`yoy-line yoy-${Math.min(i, 4)}`} />;
        })}
      </svg>
      <figcaption>
        <ul className="yoy-legend">
          {lines.map((l, i) => (
            <li key={l.year}>
              <svg width="28" height="10" aria-hidden="true">
                <line x1="0" x2="28" y1="5" y2="5" className={`yoy-line yoy-${Math.min(i, 4)}`} />
              </svg>
              {l.year}
            </li>
          ))}
        </ul>
        <span className="meta">Distance since 1 January ({units})</span>
      </figcaption>
    </figure>
  );
}

function niceStep(raw: number): number {
  const p = 10 ** Math.floor(Math.log10(Math.max(raw, 1)));
  for (const m of [1, 2, 2.5, 5, 10]) if (m * p >= raw) return m * p;
  return 10 * p;
}
