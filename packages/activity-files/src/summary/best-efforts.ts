import type { Timeline } from './timeline.ts';

/** Strava's standard best-effort distances, which the Data Service keeps personal records for. */
export const bestEffortDistances = [
  { name: '400m', distance: 400 },
  { name: '1/2 mile', distance: 804.672 },
  { name: '1k', distance: 1000 },
  { name: '1 mile', distance: 1609.344 },
  { name: '2 mile', distance: 3218.688 },
  { name: '5k', distance: 5000 },
  { name: '10k', distance: 10000 },
  { name: '15k', distance: 15000 },
  { name: '10 mile', distance: 16093.44 },
  { name: '20k', distance: 20000 },
  { name: 'Half-Marathon', distance: 21097.5 },
  { name: '30k', distance: 30000 },
  { name: 'Marathon', distance: 42195 },
] as const;

export interface BestEffort {
  name: string;
  distance: number;
  /** Seconds, pauses included (as Strava counts best efforts). */
  elapsedTime: number;
  /** Seconds from the start of the activity to the start and end of the effort. */
  startOffset: number;
  endOffset: number;
}

/**
 * Fastest stretch covering `length` metres: for each end point j, a second pointer keeps the
 * last point i with d[j] - d[i] >= length; the exact start is interpolated inside interval
 * (i, i+1). O(n) per distance.
 */
export function bestEffort(
  line: Timeline,
  d: Float64Array,
  length: number,
): { elapsedTime: number; start: number; end: number } | null {
  const n = line.n;
  if (n < 2 || d[n - 1]! - d[0]! < length) return null;
  let best: { elapsedTime: number; start: number; end: number } | null = null;
  let i = 0;
  for (let j = 1; j < n; j++) {
    const target = d[j]! - length;
    if (target < d[0]!) continue;
    while (i + 1 < j && d[i + 1]! <= target) i++;
    const d0 = d[i]!,
      d1 = d[i + 1]!;
    const f = d1 > d0 ? (target - d0) / (d1 - d0) : 0;
    const start = line.t[i]! + Math.max(0, Math.min(1, f)) * (line.t[i + 1]! - line.t[i]!);
    const elapsed = (line.t[j]! - start) / 1000;
    if (best === null || elapsed < best.elapsedTime) best = { elapsedTime: elapsed, start, end: line.t[j]! };
  }
  return best;
}

export function bestEfforts(line: Timeline, d: Float64Array): BestEffort[] {
  const out: BestEffort[] = [];
  const t0 = line.t[0] ?? 0;
  for (const { name, distance } of bestEffortDistances) {
    const effort = bestEffort(line, d, distance);
    if (!effort) continue;
    out.push({
      name,
      distance,
      elapsedTime: effort.elapsedTime,
      startOffset: (effort.start - t0) / 1000,
      endOffset: (effort.end - t0) / 1000,
    });
  }
  return out;
}

/**
 * Best efforts from plain series, one value per sample: seconds and metres from the start (as a
 * Strava stream or the Data Service's stored samples carry them). A distance that goes back (a
 * glitch) is held at its highest so far.
 */
export function bestEffortsOfSeries(time: readonly number[], distance: readonly number[]): BestEffort[] {
  const n = Math.min(time.length, distance.length);
  const t = new Float64Array(n);
  const d = new Float64Array(n);
  let far = -Infinity;
  for (let i = 0; i < n; i++) {
    t[i] = time[i]! * 1000;
    far = Math.max(far, distance[i]!);
    d[i] = far;
  }
  return bestEfforts({ n, t, timerOn: new Float64Array(n), breakAt: new Uint8Array(n) }, d);
}
