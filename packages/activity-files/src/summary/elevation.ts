import type { Track } from '../track.ts';

/** Altitude change per second beyond which a sample is an outlier. */
const maxVerticalSpeed = 5;
/** Half-width of the centred moving average applied to altitude (seconds). */
const smoothingHalfWindow = 30;
/** A climb or descent counts once it exceeds this many metres (hysteresis). */
export const elevationThreshold = 7;

/** Smoothed altitude and its hysteresis steps at the points that have altitude. */
export interface ElevationProfile {
  /** Index into track.points. */
  index: number[];
  /** Smoothed altitude (m). */
  smooth: Float64Array;
  /** Altitude as counted by the hysteresis: changes only once a move exceeds the threshold. */
  stepped: Float64Array;
  gain: number;
  loss: number;
}

/**
 * Outlier rejection (faster than 5 m/s vertically from the last kept sample), a ±30 s centred
 * moving average, then a 7 m hysteresis: a rise or fall is counted only once it exceeds 7 m,
 * so GPS altitude noise does not add up into fake climbs.
 */
export function elevationProfile(track: Track): ElevationProfile | null {
  const points = track.points;
  const index: number[] = [];
  let pending: number[] = [];
  for (let i = 0; i < points.length; i++) {
    const p = points[i]!;
    if (p.altitude === undefined || !Number.isFinite(p.altitude) || p.altitude < -500 || p.altitude > 9000) continue;
    const last = index[index.length - 1];
    if (last === undefined) {
      index.push(i);
      continue;
    }
    const q = points[last]!;
    const dt = Math.max(1, (p.time - q.time) / 1000);
    if (Math.abs(p.altitude - q.altitude!) / dt <= maxVerticalSpeed) {
      pending = [];
      index.push(i);
      continue;
    }
    pending.push(i);
    if (pending.length >= 5) {
      index.push(...pending);
      pending = [];
    }
  }
  const m = index.length;
  if (m < 2) return null;
  const alt = index.map((i) => points[i]!.altitude!);
  const time = index.map((i) => points[i]!.time);
  const smooth = new Float64Array(m);
  let lo = 0,
    hi = 0,
    sum = 0;
  for (let k = 0; k < m; k++) {
    while (hi < m && time[hi]! <= time[k]! + smoothingHalfWindow * 1000) {
      sum += alt[hi]!;
      hi++;
    }
    while (time[lo]! < time[k]! - smoothingHalfWindow * 1000) {
      sum -= alt[lo]!;
      lo++;
    }
    smooth[k] = sum / (hi - lo);
  }
  // Turning points: a peak or trough is confirmed once the altitude moves 7 m away from it.
  const turns: number[] = [0];
  let direction = 0;
  let extreme = 0;
  for (let k = 1; k < m; k++) {
    const value = smooth[k]!;
    const ref = smooth[turns[turns.length - 1]!]!;
    if (direction === 0) {
      if (Math.abs(value - ref) >= elevationThreshold) {
        direction = Math.sign(value - ref);
        extreme = k;
      }
    } else if ((value - smooth[extreme]!) * direction > 0) {
      extreme = k;
    } else if ((smooth[extreme]! - value) * direction >= elevationThreshold) {
      turns.push(extreme);
      direction = -direction;
      extreme = k;
    }
  }
  if (direction !== 0) turns.push(extreme);
  // Piecewise linear between turning points, flat after the last one.
  const stepped = new Float64Array(m);
  for (let j = 0; j < turns.length; j++) {
    const a = turns[j]!,
      b = turns[j + 1] ?? m - 1;
    const va = smooth[a]!,
      vb = turns[j + 1] === undefined ? va : smooth[b]!;
    for (let k = a; k <= b; k++) stepped[k] = b > a ? va + ((vb - va) * (k - a)) / (b - a) : va;
  }
  let gain = 0,
    loss = 0;
  for (let k = 1; k < m; k++) {
    const diff = stepped[k]! - stepped[k - 1]!;
    if (diff > 0) gain += diff;
    else loss -= diff;
  }
  return { index, smooth, stepped, gain, loss };
}
