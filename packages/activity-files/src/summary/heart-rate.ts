import type { Track } from '../track.ts';
import { timerOnWithin, type Timeline } from './timeline.ts';

/** Heart rates outside this range are sensor errors and are ignored. */
export function plausibleHeartRate(value: number | undefined): value is number {
  return value !== undefined && value >= 30 && value <= 240;
}

/** A sample stands for at most this long (seconds) when samples are far apart. */
const maxSampleWeight = 30;

/**
 * Time-weighted mean of a per-point value over [from, to] (ms): each interval weighs its
 * timer-running seconds and takes the mean of its valid end values. `only` filters intervals.
 */
export function timeWeightedMean(
  track: Track,
  line: Timeline,
  value: (i: number) => number | undefined,
  from = -Infinity,
  to = Infinity,
  only?: (i: number) => boolean,
): number | null {
  let sum = 0,
    weight = 0;
  for (let i = 1; i < line.n; i++) {
    if (line.t[i]! <= from || line.t[i - 1]! >= to) continue;
    if (only && !only(i)) continue;
    const a = value(i - 1),
      b = value(i);
    const v = a !== undefined && b !== undefined ? (a + b) / 2 : (a ?? b);
    if (v === undefined) continue;
    const w = Math.min(maxSampleWeight, timerOnWithin(line, i, from, to));
    sum += v * w;
    weight += w;
  }
  return weight > 0 ? sum / weight : null;
}

export function heartRateOf(track: Track) {
  return (i: number): number | undefined => {
    const v = track.points[i]?.heartRate;
    return plausibleHeartRate(v) ? v : undefined;
  };
}

export function maxHeartRate(track: Track): number | null {
  let max = -1;
  for (const p of track.points) if (plausibleHeartRate(p.heartRate) && p.heartRate > max) max = p.heartRate;
  return max > 0 ? max : null;
}
