import type { Track } from '../track.ts';
import type { ElevationProfile } from './elevation.ts';
import { heartRateOf, timeWeightedMean } from './heart-rate.ts';
import type { Motion } from './motion.ts';
import { timerOnWithin, type Timeline } from './timeline.ts';

export const kilometre = 1000;
export const mile = 1609.344;

export interface Split {
  /** 1-based. */
  index: number;
  /** Metres covered (the split length, or less for the last one). */
  distance: number;
  /** Seconds from entering to leaving the split, pauses included. */
  elapsedTime: number;
  /** Seconds spent moving with the timer running. */
  movingTime: number;
  /** Moving seconds per split length (per km or per mile), null if no distance. */
  pace: number | null;
  /** Metres of altitude from start to end of the split (smoothed). */
  elevationChange: number | null;
  elevationGain: number | null;
  elevationLoss: number | null;
  averageHeartRate: number | null;
}

/** Time (ms) at which the cumulative distance reaches `x`, searching forward from interval `from`. */
export function timeAtDistance(
  line: Timeline,
  d: Float64Array,
  x: number,
  from: number,
): { time: number; interval: number } {
  let i = Math.max(1, from);
  while (i < line.n && d[i]! < x) i++;
  if (i >= line.n) return { time: line.t[line.n - 1]!, interval: line.n - 1 };
  const d0 = d[i - 1]!,
    d1 = d[i]!;
  const f = d1 > d0 ? (x - d0) / (d1 - d0) : 1;
  return { time: line.t[i - 1]! + f * (line.t[i]! - line.t[i - 1]!), interval: i };
}

function valueAt(times: number[], values: Float64Array, time: number): number | null {
  if (times.length === 0) return null;
  let lo = 0,
    hi = times.length - 1;
  if (time <= times[0]!) return values[0]!;
  if (time >= times[hi]!) return values[hi]!;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! <= time) lo = mid;
    else hi = mid;
  }
  const f = (time - times[lo]!) / (times[hi]! - times[lo]!);
  return values[lo]! + f * (values[hi]! - values[lo]!);
}

/**
 * Cuts the run every `length` metres along the cumulative distance. Boundaries are interpolated
 * in time, so split elapsed and moving times add up exactly to the run's totals.
 */
export function splits(
  track: Track,
  line: Timeline,
  motion: Motion,
  elevation: ElevationProfile | null,
  length: number,
): Split[] {
  const n = line.n;
  if (n < 2) return [];
  const total = motion.d[n - 1]!;
  if (total <= 0) return [];
  const elevationTimes = elevation ? elevation.index.map((i) => track.points[i]!.time) : [];
  const hr = heartRateOf(track);
  const out: Split[] = [];
  let startTime = line.t[0]!;
  let interval = 1;
  for (let k = 1; (k - 1) * length < total - 1e-6; k++) {
    const target = Math.min(k * length, total);
    const last = target >= total;
    const end = last ? { time: line.t[n - 1]!, interval: n - 1 } : timeAtDistance(line, motion.d, target, interval);
    let movingTime = 0;
    for (let i = interval; i < n && line.t[i - 1]! < end.time; i++) {
      if (motion.moving[i]) movingTime += timerOnWithin(line, i, startTime, end.time);
    }
    const distance = target - (k - 1) * length;
    let change: number | null = null,
      gain: number | null = null,
      loss: number | null = null;
    if (elevation) {
      const a = valueAt(elevationTimes, elevation.smooth, startTime),
        b = valueAt(elevationTimes, elevation.smooth, end.time);
      change = a !== null && b !== null ? b - a : null;
      const sa = valueAt(elevationTimes, elevation.stepped, startTime)!;
      let previous = sa;
      gain = 0;
      loss = 0;
      for (let j = 0; j < elevationTimes.length; j++) {
        const time = elevationTimes[j]!;
        if (time <= startTime) continue;
        const value = time >= end.time ? valueAt(elevationTimes, elevation.stepped, end.time)! : elevation.stepped[j]!;
        if (value > previous) gain += value - previous;
        else loss += previous - value;
        previous = value;
        if (time >= end.time) break;
      }
    }
    out.push({
      index: k,
      distance,
      elapsedTime: (end.time - startTime) / 1000,
      movingTime,
      pace: distance > 0 ? (movingTime / distance) * length : null,
      elevationChange: change,
      elevationGain: gain,
      elevationLoss: loss,
      averageHeartRate: timeWeightedMean(track, line, hr, startTime, end.time),
    });
    startTime = end.time;
    interval = end.interval;
    if (last) break;
  }
  return out;
}
