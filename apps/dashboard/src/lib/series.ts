/** Chart series from a run's streams: pace, heart rate and elevation over distance. Pure. */
import { elevationValue, formatDistance, unitLength, type Units } from './units.ts';

export interface Streams {
  time: number[];
  distance?: number[];
  latlng?: Array<[number, number]>;
  altitude?: Array<number | null>;
  heartrate?: Array<number | null>;
  cadence?: Array<number | null>;
}

export interface Series {
  /** Distance from the start in the runner's units, ascending. */
  x: number[];
  /** Seconds per km or mile, null when stopped or unknown. */
  pace: Array<number | null>;
  heartrate: Array<number | null> | null;
  elevation: Array<number | null> | null;
}

/** Slowest pace still drawn (seconds per km): slower is standing, not running. */
const STOPPED_S_PER_KM = 20 * 60;

/**
 * Pace over the last `windowM` metres at every sample, then the samples averaged into at most
 * `maxPoints` buckets. Null when the streams have no distance.
 */
export function buildSeries(streams: Streams, units: Units, maxPoints = 400, windowM = 150): Series | null {
  const d = streams.distance;
  const t = streams.time;
  if (!d || d.length < 2 || d.length !== t.length) return null;
  const n = d.length;
  const len = unitLength(units);
  const rawPace: Array<number | null> = new Array(n).fill(null);
  let j = 0;
  for (let i = 1; i < n; i++) {
    while (j < i - 1 && d[i]! - d[j + 1]! >= windowM) j++;
    const dd = d[i]! - d[j]!;
    const dt = t[i]! - t[j]!;
    if (dd > 0 && dt > 0) {
      const perKm = (dt / dd) * 1000;
      rawPace[i] = perKm > STOPPED_S_PER_KM ? null : (dt / dd) * len;
    }
  }
  rawPace[0] = rawPace[1] ?? null;
  const step = Math.max(1, Math.ceil(n / maxPoints));
  const avg = (arr: ReadonlyArray<number | null | undefined> | undefined, from: number, to: number): number | null => {
    if (!arr) return null;
    let sum = 0;
    let count = 0;
    for (let k = from; k < to; k++) {
      const v = arr[k];
      if (v != null && Number.isFinite(v)) {
        sum += v;
        count++;
      }
    }
    return count ? sum / count : null;
  };
  const hasHr = !!streams.heartrate?.some((v) => v != null);
  const hasAlt = !!streams.altitude?.some((v) => v != null);
  const out: Series = { x: [], pace: [], heartrate: hasHr ? [] : null, elevation: hasAlt ? [] : null };
  for (let from = 0; from < n; from += step) {
    const to = Math.min(n, from + step);
    out.x.push(avg(d, from, to)! / len);
    out.pace.push(avg(rawPace, from, to));
    if (out.heartrate) out.heartrate.push(avg(streams.heartrate, from, to));
    if (out.elevation) {
      const a = avg(streams.altitude, from, to);
      out.elevation.push(a === null ? null : elevationValue(a, units));
    }
  }
  return out;
}

/** Index of the value in ascending `xs` nearest to `x`. */
export function nearestIndex(xs: readonly number[], x: number): number {
  if (!xs.length) return -1;
  let lo = 0;
  let hi = xs.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (xs[mid]! <= x) lo = mid;
    else hi = mid;
  }
  return Math.abs(xs[hi]! - x) < Math.abs(xs[lo]! - x) ? hi : lo;
}

/** Round tick values (1, 2, 5 × 10^k) covering [min, max] with about `count` ticks. */
export function niceTicks(min: number, max: number, count = 4): number[] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [];
  if (max === min) return [min];
  const raw = (max - min) / Math.max(1, count);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) out.push(Number(v.toFixed(10)));
  return out;
}

/** Pace ticks on whole 10 s, 15 s, 30 s, 1 min… steps, about three of them. */
export function paceTicks(lo: number, hi: number): number[] {
  const step = [5, 10, 15, 20, 30, 60, 120, 300, 600].find((s) => (hi - lo) / s <= 4) ?? 600;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi; v += step) out.push(v);
  return out;
}

/** The extent of the non-null values, padded a little; null when there is none. */
export function extent(values: ReadonlyArray<number | null>, padRatio = 0.05): [number, number] | null {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of values)
    if (v != null) {
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  if (lo === Infinity) return null;
  const pad = (hi - lo) * padRatio || Math.max(1, Math.abs(hi) * 0.05);
  return [lo - pad, hi + pad];
}

/** Robust extent for pace: the 2nd to 98th percentile, so one GPS jump does not squash the line. */
export function paceExtent(values: ReadonlyArray<number | null>): [number, number] | null {
  const v = values.filter((x): x is number => x != null).sort((a, b) => a - b);
  if (!v.length) return null;
  const lo = v[Math.floor(v.length * 0.02)]!;
  const hi = v[Math.min(v.length - 1, Math.ceil(v.length * 0.98) - 1)]!;
  const pad = (hi - lo) * 0.08 || 15;
  return [Math.max(0, lo - pad), hi + pad];
}

export interface StreamSplit {
  index: number;
  distance_m: number;
  moving_time_s: number;
  elapsed_time_s: number;
  elevation_difference_m: number | null;
  average_heartrate: number | null;
}

/** Whole-km (or mile) splits from streams, the last one partial, for runs that came without splits. */
export function splitsFromStreams(streams: Streams, units: Units): StreamSplit[] {
  const d = streams.distance;
  const t = streams.time;
  if (!d || d.length < 2) return [];
  const len = unitLength(units);
  const at = (arr: ReadonlyArray<number | null> | undefined, i: number, k: number, frac: number): number | null => {
    const a = arr?.[i];
    const b = arr?.[k];
    if (a == null || b == null) return a ?? b ?? null;
    return a + (b - a) * frac;
  };
  const out: StreamSplit[] = [];
  let startT = t[0]!;
  let startD = d[0]!;
  let startAlt = streams.altitude?.[0] ?? null;
  let hrSum = 0;
  let hrN = 0;
  for (let i = 1; i < d.length; i++) {
    const hr = streams.heartrate?.[i];
    if (hr != null) {
      hrSum += hr;
      hrN++;
    }
    while (d[i]! - startD >= len) {
      const target = startD + len;
      const frac = (target - d[i - 1]!) / (d[i]! - d[i - 1]! || 1);
      const time = at(t, i - 1, i, frac)!;
      const alt = at(streams.altitude, i - 1, i, frac);
      out.push({
        index: out.length + 1,
        distance_m: len,
        moving_time_s: time - startT,
        elapsed_time_s: time - startT,
        elevation_difference_m: alt != null && startAlt != null ? alt - startAlt : null,
        average_heartrate: hrN ? hrSum / hrN : null,
      });
      startT = time;
      startD = target;
      startAlt = alt;
      hrSum = 0;
      hrN = 0;
    }
  }
  const last = d.length - 1;
  const rest = d[last]! - startD;
  if (rest >= 10) {
    const alt = streams.altitude?.[last] ?? null;
    out.push({
      index: out.length + 1,
      distance_m: rest,
      moving_time_s: t[last]! - startT,
      elapsed_time_s: t[last]! - startT,
      elevation_difference_m: alt != null && startAlt != null ? alt - startAlt : null,
      average_heartrate: hrN ? hrSum / hrN : null,
    });
  }
  return out;
}

/**
 * A split's row label: its number when it is a whole km (mile), its own distance when it is
 * shorter (the last one, usually), so its pace reads as what it is: the pace over that distance.
 */
export function splitLabel(split: { index: number; distance_m: number }, units: Units): string {
  return split.distance_m < unitLength(units) - 5 ? formatDistance(split.distance_m, units) : String(split.index);
}
