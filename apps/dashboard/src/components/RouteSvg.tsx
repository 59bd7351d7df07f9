import { useMemo } from 'react';
import { decodePolyline } from '@runnerly/activity-files/polyline';
import { pathData, projectRoute, thin, type LatLng } from '../lib/polyline.ts';

/**
 * A run's route as a line (no map tiles), fitted to the box with its aspect ratio kept;
 * a green start dot and a chequered-red finish dot. Decorative in tables (`label` omitted).
 */
export function RouteSvg({
  polyline,
  latlng,
  width,
  height,
  label,
  className,
}: {
  polyline?: string | null;
  latlng?: LatLng[] | null;
  width: number;
  height: number;
  label?: string;
  className?: string;
}) {
  const d = useMemo(() => {
    const route = latlng && latlng.length > 1 ? latlng : polyline ? decodePolyline(polyline) : [];
    if (route.length < 2) return null;
    const pad = Math.max(3, Math.min(width, height) * 0.06);
    const pts = thin(projectRoute(route, width, height, pad).points, Math.max(0.5, width / 400));
    return { path: pathData(pts), start: pts[0]!, end: pts[pts.length - 1]! };
  }, [polyline, latlng, width, height]);
  const small = width < 100;
  const a11y = label ? { role: 'img', 'aria-label': label } : { 'aria-hidden': true };
  if (!d) {
    return (
      <svg
        className={`route route-empty ${className ?? ''}`}
        viewBox={`0 0 ${width} ${height}`}
        width={width}
        height={height}
        {...a11y}
      >
        {!small && (
          <text x={width / 2} y={height / 2} textAnchor="middle" dominantBaseline="middle" className="route-none">
            No route recorded
          </text>
        )}
      </svg>
    );
  }
  const r = small ? 2.5 : 6;
  // A loop ends where it started: the finish becomes a wider ring under the start, both seen.
  const loop = Math.hypot(d.end[0] - d.start[0], d.end[1] - d.start[1]) < 2.5 * r;
  return (
    <svg
      className={`route ${className ?? ''}`}
      viewBox={`0 0 ${width} ${height}`}
      width={width}
      height={height}
      {...a11y}
    >
      {!small && <path d={d.path} className="route-casing" />}
      <path d={d.path} className="route-line" strokeWidth={small ? 1.6 : 3.5} />
      <circle cx={d.end[0]} cy={d.end[1]} r={loop ? r * 1.75 : r} className="route-finish">
        <title>Finish</title>
      </circle>
      <circle cx={d.start[0]} cy={d.start[1]} r={r} className="route-start">
        <title>Start</title>
      </circle>
    </svg>
  );
}
