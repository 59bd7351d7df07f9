import { useLayoutEffect, useMemo, useRef, useState, type KeyboardEvent, type PointerEvent } from 'react';
import { extent, nearestIndex, niceTicks, paceExtent, paceTicks, type Series } from '../lib/series.ts';
import { elevationUnit, minSec, type Units } from '../lib/units.ts';

interface Panel {
  key: 'pace' | 'hr' | 'elev';
  title: string;
  values: Array<number | null>;
  lo: number;
  hi: number;
  invert: boolean;
  fmt(v: number): string;
  tick(v: number): string;
}

const PANEL_H = 110;
const GAP = 26;
const LEFT = 52;
const RIGHT = 14;
const AXIS_H = 42;

function linePath(
  xs: number[],
  ys: Array<number | null>,
  sx: (v: number) => number,
  sy: (v: number) => number,
): string {
  let d = '';
  let pen = false;
  for (let i = 0; i < xs.length; i++) {
    const y = ys[i];
    if (y == null) {
      pen = false;
      continue;
    }
    d += `${pen ? 'L' : 'M'}${sx(xs[i]!).toFixed(1)} ${sy(y).toFixed(1)}`;
    pen = true;
  }
  return d;
}

/**
 * Pace, heart rate and elevation over one shared distance axis, with a cursor that follows the
 * pointer (or the arrow keys) and reads the three values at that point.
 */
export function RunCharts({ series, units }: { series: Series; units: Units }) {
  const box = useRef<HTMLDivElement>(null);
  const [width, setWidth] = useState(0);
  const [cursor, setCursor] = useState<number | null>(null);
  useLayoutEffect(() => {
    const el = box.current;
    if (!el) return;
    setWidth(el.clientWidth);
    const ro = new ResizeObserver(() => setWidth(el.clientWidth));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const panels = useMemo(() => {
    const out: Panel[] = [];
    const pe = paceExtent(series.pace);
    if (pe)
      out.push({
        key: 'pace',
        title: `Pace (/${units})`,
        values: series.pace,
        lo: pe[0],
        hi: pe[1],
        invert: true,
        fmt: (v) => `${minSec(v)} /${units}`,
        tick: (v) => minSec(v),
      });
    const he = series.heartrate && extent(series.heartrate);
    if (series.heartrate && he)
      out.push({
        key: 'hr',
        title: 'Heart rate (bpm)',
        values: series.heartrate,
        lo: he[0],
        hi: he[1],
        invert: false,
        fmt: (v) => `${Math.round(v)} bpm`,
        tick: (v) => String(Math.round(v)),
      });
    const ee = series.elevation && extent(series.elevation, 0.15);
    if (series.elevation && ee)
      out.push({
        key: 'elev',
        title: `Elevation (${elevationUnit(units)})`,
        values: series.elevation,
        lo: ee[0],
        hi: ee[1],
        invert: false,
        fmt: (v) => `${Math.round(v)} ${elevationUnit(units)}`,
        tick: (v) => String(Math.round(v)),
      });
    return out;
  }, [series, units]);

  const xs = series.x;
  const xMax = xs[xs.length - 1] || 1;
  const innerW = Math.max(10, width - LEFT - RIGHT);
  const sx = (v: number) => LEFT + (v / xMax) * innerW;
  const height = panels.length * (PANEL_H + GAP) + AXIS_H;
  const xTicks = niceTicks(0, xMax, Math.max(2, Math.floor(innerW / 70)));

  function moveTo(clientX: number, target: SVGSVGElement) {
    const rect = target.getBoundingClientRect();
    const v = ((clientX - rect.left - LEFT) / innerW) * xMax;
    if (v < -xMax * 0.02 || v > xMax * 1.02) return setCursor(null);
    setCursor(nearestIndex(xs, Math.max(0, Math.min(xMax, v))));
  }
  function onKey(e: KeyboardEvent<SVGSVGElement>) {
    const step = Math.max(1, Math.round(xs.length / 50));
    const at = cursor ?? 0;
    const next =
      e.key === 'ArrowRight'
        ? Math.min(xs.length - 1, at + (cursor === null ? 0 : step))
        : e.key === 'ArrowLeft'
          ? Math.max(0, at - step)
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? xs.length - 1
              : e.key === 'Escape'
                ? null
                : undefined;
    if (next === undefined) return;
    e.preventDefault();
    setCursor(next);
  }

  const readout =
    cursor === null
      ? null
      : [
          `${xs[cursor]!.toFixed(2)} ${units}`,
          ...panels.map((p) => {
            const v = p.values[cursor];
            return `${p.title.replace(/ \(.*\)$/, '')} ${v == null ? '—' : p.fmt(v)}`;
          }),
        ];

  return (
    <div className="charts" ref={box}>
      <p className="chart-readout" aria-live="polite">
        {readout ? (
          readout.map((r, i) => (
            <span key={i} className={i ? undefined : 'at'}>
              {r}
            </span>
          ))
        ) : (
          <span className="muted">Point at the charts, or focus them and use the arrow keys, to read the values.</span>
        )}
      </p>
      {width > 0 && panels.length > 0 && (
        <svg
          width={width}
          height={height}
          viewBox={`0 0 ${width} ${height}`}
          className="chart-svg"
          tabIndex={0}
          role="img"
          aria-label={`${panels.map((p) => p.title.replace(/ \(.*\)$/, '').toLowerCase()).join(', ')} over ${xMax.toFixed(1)} ${units}; the splits table below has the same data in numbers`}
          onPointerMove={(e: PointerEvent<SVGSVGElement>) => moveTo(e.clientX, e.currentTarget)}
          onPointerDown={(e: PointerEvent<SVGSVGElement>) => moveTo(e.clientX, e.currentTarget)}
          onPointerLeave={() => setCursor(null)}
          onKeyDown={onKey}
          onBlur={() => setCursor(null)}
        >
          {panels.map((p, i) => {
            const top = i * (PANEL_H + GAP) + 18;
            const sy = (v: number) => {
              const c = Math.max(p.lo, Math.min(p.hi, v));
              const f = (c - p.lo) / (p.hi - p.lo || 1);
              return p.invert ? top + f * PANEL_H : top + PANEL_H - f * PANEL_H;
            };
            const yTicks = (p.key === 'pace' ? paceTicks(p.lo, p.hi) : niceTicks(p.lo, p.hi, 4)).filter(
              (t) => t >= p.lo && t <= p.hi,
            );
            const path = linePath(xs, p.values, sx, sy);
            const cv = cursor === null ? null : p.values[cursor];
            return (
              <g key={p.key} className={`panel panel-${p.key}`}>
                <text x={LEFT} y={top - 6} className="panel-title">
                  {p.title}
                  {p.invert ? ' · faster is higher' : ''}
                </text>
                <rect x={LEFT} y={top} width={innerW} height={PANEL_H} className="panel-bg" />
                {yTicks.map((t) => (
                  <g key={t}>
                    <line x1={LEFT} x2={LEFT + innerW} y1={sy(t)} y2={sy(t)} className="grid" />
                    <text x={LEFT - 6} y={sy(t)} textAnchor="end" dominantBaseline="middle" className="tick">
                      {p.tick(t)}
                    </text>
                  </g>
                ))}
                {xTicks.map((t) => (
                  <line key={t} x1={sx(t)} x2={sx(t)} y1={top} y2={top + PANEL_H} className="grid" />
                ))}
                {p.key === 'elev' && (
                  <path d={`${path}L${sx(xMax)} ${top + PANEL_H}L${sx(xs[0]!)} ${top + PANEL_H}Z`} className="area" />
                )}
                <path d={path} className="series" />
                {cursor !== null && (
                  <>
                    <line x1={sx(xs[cursor]!)} x2={sx(xs[cursor]!)} y1={top} y2={top + PANEL_H} className="cursor" />
                    {cv != null && <circle cx={sx(xs[cursor]!)} cy={sy(cv)} r={4} className="cursor-dot" />}
                  </>
                )}
              </g>
            );
          })}
          <g className="x-axis">
            {xTicks.map((t) => (
              <text
                key={t}
                x={sx(t)}
                y={height - AXIS_H + 8}
                textAnchor="middle"
                dominantBaseline="hanging"
                className="tick"
              >
                {t}
              </text>
            ))}
            <text x={LEFT + innerW} y={height - 2} textAnchor="end" className="tick">
              distance ({units})
            </text>
          </g>
        </svg>
      )}
    </div>
  );
}
