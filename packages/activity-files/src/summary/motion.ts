import type { Track } from '../track.ts';
import { haversine } from './geo.ts';
import { gpsTrack, type GpsTrack } from './gps-track.ts';
import type { Timeline } from './timeline.ts';

/** Strava's running threshold: slower than this (2 mph) over the window is standing still. */
export const movingSpeed = 0.894;
/** The window (seconds) over which speed is measured for the moving test. */
const windowSeconds = 10;

export type DistanceSource = 'device' | 'gps' | 'none';

/** Where the runner was along the route at each point, and when they were moving. */
export interface Motion {
  source: DistanceSource;
  /** Cumulative metres at each point (monotonic). */
  d: Float64Array;
  /** Interval i (point i-1 to i) is spent moving. */
  moving: Uint8Array;
  gps: GpsTrack;
}

/** Device distance is usable when most points carry it and it never goes back. */
export function deviceDistance(track: Track): Float64Array | null {
  const points = track.points;
  let count = 0;
  for (const p of points) if (p.distance !== undefined) count++;
  if (points.length === 0 || count < points.length * 0.5) return null;
  const d = new Float64Array(points.length);
  const first = points.find((p) => p.distance !== undefined)!.distance!;
  let last = first;
  for (let i = 0; i < points.length; i++) {
    const value = points[i]!.distance;
    if (value !== undefined) {
      if (value < last - 0.5) return null;
      last = Math.max(last, value);
    }
    d[i] = last - first;
  }
  return d[points.length - 1]! > 0 ? d : null;
}

/** Widens [i-1, i] inside its piece until it spans the window; returns [a, b]. */
function window(t: ArrayLike<number>, breakAt: ArrayLike<number>, i: number, n: number): [number, number] {
  let a = i - 1,
    b = i;
  if (breakAt[i]) a = i;
  while (t[b]! - t[a]! < windowSeconds * 1000) {
    const canLeft = a > 0 && !breakAt[a];
    const canRight = b + 1 < n && !breakAt[b + 1];
    if (!canLeft && !canRight) break;
    if (canLeft && (!canRight || t[a]! - t[a - 1]! <= t[b + 1]! - t[b]!)) a--;
    else b++;
  }
  return [a, b];
}

function deviceMotion(line: Timeline, d: Float64Array): Uint8Array {
  const moving = new Uint8Array(line.n);
  for (let i = 1; i < line.n; i++) {
    const [a, b] = window(line.t, line.breakAt, i, line.n);
    const dt = (line.t[b]! - line.t[a]!) / 1000;
    moving[i] = dt > 0 && (d[b]! - d[a]!) / dt > movingSpeed ? 1 : 0;
  }
  return moving;
}

/**
 * GPS distance: sum of steps between smoothed, jump-free fixes, counting only steps where the
 * runner was moving (displacement over a 10 s window faster than 0.894 m/s), so GPS drift while
 * standing still adds nothing. Points between fixes are placed by time.
 */
function gpsMotion(track: Track, line: Timeline, gps: GpsTrack): { d: Float64Array; moving: Uint8Array } {
  const m = gps.index.length;
  const ft = new Float64Array(m);
  for (let k = 0; k < m; k++) ft[k] = track.points[gps.index[k]!]!.time;
  const fixMoving = new Uint8Array(m);
  const fd = new Float64Array(m);
  for (let k = 1; k < m; k++) {
    const [a, b] = window(ft, gps.breakAt, k, m);
    const dt = (ft[b]! - ft[a]!) / 1000;
    const speed = dt > 0 ? haversine(gps.slat[a]!, gps.slon[a]!, gps.slat[b]!, gps.slon[b]!) / dt : 0;
    fixMoving[k] = speed > movingSpeed ? 1 : 0;
    const step =
      gps.breakAt[k] || !fixMoving[k] ? 0 : haversine(gps.slat[k - 1]!, gps.slon[k - 1]!, gps.slat[k]!, gps.slon[k]!);
    fd[k] = fd[k - 1]! + step;
  }
  const d = new Float64Array(line.n);
  const moving = new Uint8Array(line.n);
  let k = 0;
  for (let i = 0; i < line.n; i++) {
    while (k < m && gps.index[k]! < i) k++;
    // Fix k is the first fix at or after point i.
    if (k >= m) {
      d[i] = m > 0 ? fd[m - 1]! : 0;
      moving[i] = 1;
      continue;
    }
    if (gps.index[k] === i) {
      d[i] = fd[k]!;
      moving[i] = i === 0 ? 0 : k === 0 ? 1 : fixMoving[k]!;
      continue;
    }
    if (k === 0) {
      d[i] = 0;
      moving[i] = 1;
      continue;
    }
    const t0 = ft[k - 1]!,
      t1 = ft[k]!;
    const f = t1 > t0 ? (line.t[i]! - t0) / (t1 - t0) : 0;
    d[i] = fd[k - 1]! + f * (fd[k]! - fd[k - 1]!);
    moving[i] = fixMoving[k]!;
  }
  return { d, moving };
}

export function motion(track: Track, line: Timeline): Motion {
  const gps = gpsTrack(track);
  const device = deviceDistance(track);
  if (device) return { source: 'device', d: device, moving: deviceMotion(line, device), gps };
  if (gps.index.length >= 2) return { source: 'gps', ...gpsMotion(track, line, gps), gps };
  const moving = new Uint8Array(line.n).fill(1);
  moving[0] = 0;
  return { source: 'none', d: new Float64Array(line.n), moving, gps };
}
