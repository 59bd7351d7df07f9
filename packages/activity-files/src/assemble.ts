import { FileError } from './errors.ts';
import { mayBeRunning } from './sport.ts';
import type { DeviceTotals, Lap, Sport, SportPart, TimerPause, Track, TrackPoint } from './track.ts';

/** One sport block as a parser collected it (GPX trk, TCX Activity, FIT session). */
export interface RawPart {
  sport: Sport;
  points: TrackPoint[];
  pauses: TimerPause[];
  laps: Lap[];
  totals: DeviceTotals;
  indoor?: boolean;
  /** Time span declared by the file (FIT session), else taken from the points. */
  start?: number;
  end?: number;
}

export interface AssembleInput {
  parts: RawPart[];
  device: string | null;
  name: string | null;
  label: string;
}

const totalKeys = ['distance', 'timerTime', 'elapsedTime', 'ascent', 'descent', 'calories'] as const;

function sumTotals(parts: RawPart[]): DeviceTotals {
  const totals: DeviceTotals = {};
  for (const key of totalKeys) {
    if (parts.every((p) => p.totals[key] !== undefined)) {
      totals[key] = parts.reduce((sum, p) => sum + (p.totals[key] ?? 0), 0);
    }
  }
  return totals;
}

/** Sorts by time (stable) and merges samples that share a timestamp. */
export function orderPoints(points: TrackPoint[]): TrackPoint[] {
  let sorted = true;
  for (let i = 1; i < points.length; i++)
    if (points[i]!.time < points[i - 1]!.time) {
      sorted = false;
      break;
    }
  const list = sorted
    ? points
    : points
        .map((p, i) => ({ p, i }))
        .sort((a, b) => a.p.time - b.p.time || a.i - b.i)
        .map((x) => x.p);
  const out: TrackPoint[] = [];
  for (const point of list) {
    const last = out[out.length - 1];
    if (last && last.time === point.time) {
      const resumed = last.resumed || point.resumed;
      Object.assign(last, point);
      if (resumed) last.resumed = true;
      else delete last.resumed;
    } else {
      out.push(point);
    }
  }
  return out;
}

/** Merges overlapping pauses and keeps those that have a duration. */
export function orderPauses(pauses: TimerPause[]): TimerPause[] {
  const list = pauses.filter((p) => p.end > p.start).sort((a, b) => a.start - b.start);
  const out: TimerPause[] = [];
  for (const pause of list) {
    const last = out[out.length - 1];
    if (last && pause.start <= last.end) last.end = Math.max(last.end, pause.end);
    else out.push({ ...pause });
  }
  return out;
}

/**
 * Cadence in files is per leg (strides/min: FIT `cadence`, TCX RunCadence, Garmin GPX `cad`).
 * We store steps/min, so values are doubled, unless the file evidently already holds steps/min
 * (median of non-zero values above 120, which no runner reaches in strides).
 */
export function cadenceToStepsPerMinute(points: TrackPoint[]): void {
  const values: number[] = [];
  for (const p of points) if (p.cadence !== undefined && p.cadence > 0) values.push(p.cadence);
  if (values.length === 0) return;
  values.sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)]!;
  if (median > 120) return;
  for (const p of points) if (p.cadence !== undefined) p.cadence *= 2;
}

/**
 * Turns the parts a parser found into one Track: a file with several sports keeps its running
 * parts (flagged multisport); points are ordered; a file without any timed point is no activity.
 */
export function assembleTrack(input: AssembleInput): Track {
  const parts = input.parts.filter((p) => p.points.length > 0 || p.totals.distance !== undefined);
  if (parts.every((p) => p.points.length === 0)) {
    throw new FileError(
      'no_activity',
      `The ${input.label} file holds no timed track points: it is not a recorded activity.`,
    );
  }
  const sports = new Set(parts.map((p) => p.sport));
  const multisport = sports.size > 1;
  const running = parts.filter((p) => p.sport === 'running');
  const chosen = multisport ? (running.length > 0 ? running : parts.filter((p) => mayBeRunning(p.sport))) : parts;
  const kept = chosen.length > 0 ? chosen : parts;
  const sport: Sport = multisport ? (running.length > 0 ? 'running' : kept[0]!.sport) : kept[0]!.sport;

  const points = orderPoints(kept.flatMap((p) => p.points));
  if (points.length === 0) {
    throw new FileError(
      'no_activity',
      `The ${input.label} file holds no timed track points: it is not a recorded activity.`,
    );
  }
  if (mayBeRunning(sport) || sport === 'walking' || sport === 'hiking') cadenceToStepsPerMinute(points);
  const pauses = orderPauses(kept.flatMap((p) => p.pauses));
  // Between two kept parts of a multisport file, the time spent elsewhere is not running time.
  const ordered = [...kept].filter((p) => p.points.length > 0).sort((a, b) => a.points[0]!.time - b.points[0]!.time);
  for (let i = 1; i < ordered.length; i++) {
    const prev = ordered[i - 1]!.points;
    const next = ordered[i]!.points;
    const gapStart = prev[prev.length - 1]!.time;
    const gapEnd = next[0]!.time;
    if (gapEnd > gapStart) pauses.push({ start: gapStart, end: gapEnd });
    next[0]!.resumed = true;
  }
  const allParts: SportPart[] = parts.map((p) => ({
    sport: p.sport,
    start: p.start ?? p.points[0]?.time ?? 0,
    end: p.end ?? p.points[p.points.length - 1]?.time ?? 0,
    ...(p.totals.distance !== undefined ? { distance: p.totals.distance } : {}),
  }));
  return {
    points,
    pauses: orderPauses(pauses),
    totals: sumTotals(kept),
    laps: kept.flatMap((p) => p.laps).sort((a, b) => a.start - b.start),
    sport,
    multisport,
    parts: allParts,
    indoor: kept.some((p) => p.indoor === true),
    device: input.device,
    name: input.name,
  };
}
