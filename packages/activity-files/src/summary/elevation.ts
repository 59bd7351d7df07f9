import type { Track } from '../track.ts';

/** Smoothed altitude at the points that have one, and the climb it adds up to. */
export interface ElevationProfile {
  /** Index into track.points. */
  index: number[];
  /** Smoothed altitude (m). */
  smooth: Float64Array;
  /** Altitude as the gain is counted (the same as `smooth`: every rise counts). */
  stepped: Float64Array;
  gain: number;
  loss: number;
}

/** Altitudes a device can record; anything else is a sensor error or an "invalid" marker. */
export const plausibleAltitude = (a: number | undefined): a is number =>
  a !== undefined && Number.isFinite(a) && a > -500 && a < 9000;

/**
 * Elevation gain as gpxpy counts it (`get_uphill_downhill`), which matches the GPX tools and
 * Strava's figures for files without a barometric total far better than a hysteresis: inside
 * each continuous piece (a GPX segment, between two timer pauses), each altitude is smoothed
 * with its two neighbours (0.3, 0.4, 0.3; the ends are kept), then every rise adds to the gain
 * and every fall to the loss.
 */
export function elevationProfile(track: Track): ElevationProfile | null {
  const points = track.points;
  const index: number[] = [];
  for (let i = 0; i < points.length; i++) if (plausibleAltitude(points[i]!.altitude)) index.push(i);
  const m = index.length;
  if (m < 2) return null;
  // A piece breaks where any point since the previous altitude resumed recording.
  const breakAt = new Uint8Array(m);
  for (let k = 1; k < m; k++) {
    for (let i = index[k - 1]! + 1; i <= index[k]!; i++) if (points[i]!.resumed) breakAt[k] = 1;
  }
  const smooth = new Float64Array(m);
  let gain = 0,
    loss = 0;
  let start = 0;
  while (start < m) {
    let end = start + 1;
    while (end < m && !breakAt[end]) end++;
    for (let k = start; k < end; k++) {
      const here = points[index[k]!]!.altitude!;
      smooth[k] =
        k > start && k < end - 1
          ? 0.3 * points[index[k - 1]!]!.altitude! + 0.4 * here + 0.3 * points[index[k + 1]!]!.altitude!
          : here;
      if (k > start) {
        const diff = smooth[k]! - smooth[k - 1]!;
        if (diff > 0) gain += diff;
        else loss -= diff;
      }
    }
    start = end;
  }
  return { index, smooth, stepped: smooth, gain, loss };
}
