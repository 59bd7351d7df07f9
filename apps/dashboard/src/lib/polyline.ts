/** Fitting a route into a box (the route comes from streams, or from `decodePolyline` of @runnerly/activity-files/polyline). */
import type { LatLng } from '@runnerly/activity-files/polyline';

export type { LatLng };

export interface Projected {
  points: Array<[x: number, y: number]>;
  width: number;
  height: number;
}

/**
 * Web-Mercator projection of the route, scaled to fit `width` × `height` minus `pad` on every
 * side, keeping the aspect ratio and centring the route (north up).
 */
export function projectRoute(route: readonly LatLng[], width: number, height: number, pad = 4): Projected {
  const xy = route.map(([lat, lng]): [number, number] => {
    const clamped = Math.max(-85, Math.min(85, lat));
    const y = Math.log(Math.tan(Math.PI / 4 + (clamped * Math.PI) / 360));
    return [(lng * Math.PI) / 180, -y];
  });
  if (!xy.length) return { points: [], width, height };
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (const [x, y] of xy) {
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  const spanX = maxX - minX;
  const spanY = maxY - minY;
  const innerW = Math.max(0, width - 2 * pad);
  const innerH = Math.max(0, height - 2 * pad);
  const scale =
    spanX === 0 && spanY === 0 ? 0 : Math.min(spanX ? innerW / spanX : Infinity, spanY ? innerH / spanY : Infinity);
  const offX = pad + (innerW - spanX * scale) / 2;
  const offY = pad + (innerH - spanY * scale) / 2;
  return { points: xy.map(([x, y]) => [offX + (x - minX) * scale, offY + (y - minY) * scale]), width, height };
}

/** Drops points closer than `minStep` (in box units) to the last kept one: lighter SVG paths. */
export function thin(points: ReadonlyArray<[number, number]>, minStep: number): Array<[number, number]> {
  if (points.length <= 2) return points.slice();
  const out: Array<[number, number]> = [points[0]!];
  for (let i = 1; i < points.length - 1; i++) {
    const [x, y] = points[i]!;
    const [lx, ly] = out[out.length - 1]!;
    if (Math.abs(x - lx) >= minStep || Math.abs(y - ly) >= minStep) out.push([x, y]);
  }
  out.push(points[points.length - 1]!);
  return out;
}

export function pathData(points: ReadonlyArray<[number, number]>): string {
  return points.map(([x, y], i) => `${i ? 'L' : 'M'}${x.toFixed(1)} ${y.toFixed(1)}`).join('');
}
