// Google encoded polylines (Strava's map.summary_polyline, our runs' route), through
// @mapbox/polyline. Pure and browser-safe: the dashboard and the Strava simulator use it too.
import polyline from '@mapbox/polyline';

export type LatLng = [lat: number, lng: number];

/** Encodes [lat, lng] pairs (precision 5 by default, as Google and Strava). */
export function encodePolyline(points: ReadonlyArray<readonly [number, number]>, precision = 5): string {
  return polyline.encode(
    points.map(([lat, lng]) => [lat, lng]),
    precision,
  );
}

/** Index just after the last complete [lat, lng] pair of `text`, or -1 when a character is not of the alphabet. */
function completeLength(text: string): number {
  let values = 0;
  let end = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i) - 63;
    if (c < 0 || c > 63) return -1;
    if (c < 0x20) {
      values++;
      if (values % 2 === 0) end = i + 1;
    }
  }
  return end;
}

/**
 * Decodes a Google encoded polyline into [lat, lng] pairs. Never throws: anything that is not
 * a string, or holds a character outside the alphabet, gives no points; a truncated tail is
 * dropped; the route stops before the first point off the globe.
 */
export function decodePolyline(text: unknown, precision = 5): LatLng[] {
  if (typeof text !== 'string' || text.length === 0) return [];
  const end = completeLength(text);
  if (end <= 0) return [];
  const out: LatLng[] = [];
  for (const [lat, lng] of polyline.decode(text.slice(0, end), precision)) {
    if (!Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) break;
    out.push([lat, lng]);
  }
  return out;
}
