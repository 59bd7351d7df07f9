import type { Track } from '../track.ts';
import { trackStep } from './geo.ts';
import { gpsTrack, type GpsTrack } from './gps-track.ts';
import type { Timeline } from './timeline.ts';

/** gpxpy's stopped-speed threshold: a step slower than 1 km/h is standing still. */
export const stoppedSpeed = 1 / 3.6;

export type DistanceSource = 'device' | 'gps' | 'none';
/** device: the timer total the device wrote; timer: the timer's running time from its events; gps: computed. */
export type MovingSource = 'device' | 'timer' | 'gps';

/** Where the runner was along the route at each point, and when they were moving. */
export interface Motion {
  /** Where the cumulative distance comes from (the total may still be the device's, see summarize). */
  source: DistanceSource;
  /** Cumulative metres at each point (monotonic). */
  d: Float64Array;
  /** Interval i (point i-1 to i) counts as moving time. */
  moving: Uint8Array;
  movingSource: MovingSource;
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

const usableAltitude = (a: number | undefined): a is number => a !== undefined && a !== 0;

/**
 * GPS distance and moving time as gpxpy computes them (`length_2d`, `get_moving_data`), which is
 * what most GPX tools and the reference values agree on: the 2-D length of every step between
 * consecutive fixes of a continuous piece, nothing across a pause; a step is moving time when
 * its speed (3-D distance when both fixes have an altitude) is above 1 km/h, and counts neither
 * way when the runner did not move at all. Points between fixes are placed by time.
 */
function gpsMotion(track: Track, line: Timeline, gps: GpsTrack): { d: Float64Array; moving: Uint8Array } {
  const m = gps.index.length;
  const points = track.points;
  const fd = new Float64Array(m);
  const fixMoving = new Uint8Array(m);
  for (let k = 1; k < m; k++) {
    if (gps.breakAt[k]) {
      fd[k] = fd[k - 1]!;
      continue;
    }
    const a = points[gps.index[k - 1]!]!,
      b = points[gps.index[k]!]!;
    const flat = trackStep(gps.lat[k - 1]!, gps.lon[k - 1]!, gps.lat[k]!, gps.lon[k]!);
    fd[k] = fd[k - 1]! + flat;
    const dt = (b.time - a.time) / 1000;
    const step =
      usableAltitude(a.altitude) && usableAltitude(b.altitude)
        ? trackStep(gps.lat[k - 1]!, gps.lon[k - 1]!, gps.lat[k]!, gps.lon[k]!, a.altitude, b.altitude)
        : flat;
    fixMoving[k] = dt > 0 && step > 0 && step / dt > stoppedSpeed ? 1 : 0;
  }
  const d = new Float64Array(line.n);
  const moving = new Uint8Array(line.n);
  let k = 0;
  for (let i = 0; i < line.n; i++) {
    while (k < m && gps.index[k]! < i) k++;
    // Fix k is the first fix at or after point i.
    if (k >= m) {
      d[i] = m > 0 ? fd[m - 1]! : 0;
      continue;
    }
    if (gps.index[k] === i) {
      d[i] = fd[k]!;
      moving[i] = i === 0 || k === 0 ? 0 : fixMoving[k]!;
      continue;
    }
    if (k === 0) continue;
    const t0 = points[gps.index[k - 1]!]!.time,
      t1 = points[gps.index[k]!]!.time;
    const f = t1 > t0 ? (line.t[i]! - t0) / (t1 - t0) : 0;
    d[i] = fd[k - 1]! + f * (fd[k]! - fd[k - 1]!);
    moving[i] = fixMoving[k]!;
  }
  // An interval that ends on a point between fixes shares the state of the fix step it lies in.
  for (let i = 1; i < line.n; i++) if (line.breakAt[i]) moving[i] = 0;
  return { d, moving };
}

/** Every interval with the timer running is moving time (the device timer is the moving time). */
function timerMoving(line: Timeline): Uint8Array {
  const moving = new Uint8Array(line.n).fill(1);
  moving[0] = 0;
  return moving;
}

/**
 * The distance along the run at each point (device distance, else GPS, else none) and which
 * intervals are moving time: the device timer when the file has one (a timer total, or a device
 * distance: a device that measures distance runs a timer, whose pauses the file records), else
 * gpxpy's rule.
 */
export function motion(track: Track, line: Timeline): Motion {
  const gps = gpsTrack(track);
  const device = deviceDistance(track);
  const timed = track.totals.timerTime !== undefined;
  const timerSource: MovingSource = timed ? 'device' : 'timer';
  if (device) return { source: 'device', d: device, moving: timerMoving(line), movingSource: timerSource, gps };
  if (gps.index.length >= 2) {
    const computed = gpsMotion(track, line, gps);
    if (timed) return { source: 'gps', d: computed.d, moving: timerMoving(line), movingSource: timerSource, gps };
    return { source: 'gps', ...computed, movingSource: 'gps', gps };
  }
  return { source: 'none', d: new Float64Array(line.n), moving: timerMoving(line), movingSource: timerSource, gps };
}
