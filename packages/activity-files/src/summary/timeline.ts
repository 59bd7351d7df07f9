import type { TimerPause, Track } from '../track.ts';

/**
 * The time axis of a track. Interval i runs from point i-1 to point i (interval 0 is empty).
 * `timerOn[i]` is the part of interval i (seconds) during which the device timer was running.
 */
export interface Timeline {
  n: number;
  /** ms since epoch. */
  t: Float64Array;
  /** Seconds of interval i with the timer running. */
  timerOn: Float64Array;
  /** Point i starts a new continuous piece (first point, resumed after a pause or a segment break). */
  breakAt: Uint8Array;
}

function overlap(
  a0: number,
  a1: number,
  pauses: readonly TimerPause[],
  from: number,
): { seconds: number; next: number } {
  let total = 0;
  let k = from;
  while (k < pauses.length && pauses[k]!.end <= a0) k++;
  for (let j = k; j < pauses.length && pauses[j]!.start < a1; j++) {
    total += Math.min(a1, pauses[j]!.end) - Math.max(a0, pauses[j]!.start);
  }
  return { seconds: Math.max(0, total) / 1000, next: k };
}

export function buildTimeline(track: Track): Timeline {
  const points = track.points;
  const n = points.length;
  const t = new Float64Array(n);
  const timerOn = new Float64Array(n);
  const breakAt = new Uint8Array(n);
  let k = 0;
  for (let i = 0; i < n; i++) {
    const p = points[i]!;
    t[i] = p.time;
    if (i === 0) {
      breakAt[0] = 1;
      continue;
    }
    if (p.resumed) breakAt[i] = 1;
    const dt = (t[i]! - t[i - 1]!) / 1000;
    if (dt <= 0) continue;
    const paused = overlap(t[i - 1]!, t[i]!, track.pauses, k);
    k = paused.next;
    timerOn[i] = Math.max(0, dt - paused.seconds);
  }
  return { n, t, timerOn, breakAt };
}

/** Spread of interval i's timer-on seconds, pro rata, that lies between times a and b (ms). */
export function timerOnWithin(line: Timeline, i: number, a: number, b: number): number {
  const t0 = line.t[i - 1]!,
    t1 = line.t[i]!;
  if (t1 <= t0) return 0;
  const lo = Math.max(a, t0),
    hi = Math.min(b, t1);
  if (hi <= lo) return 0;
  return line.timerOn[i]! * ((hi - lo) / (t1 - t0));
}
