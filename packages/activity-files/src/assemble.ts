import { FileError } from './errors.ts';
import { mayBeRunning } from './sport.ts';
import { repairClock } from './clock.ts';
import { haversine } from './summary/geo.ts';
import type { DeviceTotals, Lap, Sport, SportPart, TimerPause, Track, TrackPoint } from './track.ts';

/** One sport block as a parser collected it (GPX trk, TCX Activity, FIT session). */
export interface RawPart {
  sport: Sport;
  /** In file order. A point whose time is NaN had no time in the file (GPX): see `fillUntimed`. */
  points: TrackPoint[];
  pauses: TimerPause[];
  laps: Lap[];
  totals: DeviceTotals;
  indoor?: boolean;
  /** Time span declared by the file (FIT session), else taken from the points. */
  start?: number;
  end?: number;
  name?: string | null;
  externalId?: string | null;
}

export interface AssembleInput {
  parts: RawPart[];
  device: string | null;
  name: string | null;
  label: string;
  /** The local clock's offset from UTC the file declares, in minutes (see Track.utcOffsetMinutes). */
  utcOffsetMinutes?: number | null;
  /**
   * GPX: consecutive tracks less than an hour apart are one activity (some apps write a track
   * per lap). FIT sessions and TCX Activities are activities of their own.
   */
  joinCloseParts?: boolean;
}

/** One activity of a file, with the device's id for it when the file has one. */
export interface AssembledActivity {
  track: Track;
  externalId: string | null;
}

export interface Assembled {
  activities: AssembledActivity[];
  /** Sport blocks that are not activities of their own: the other sports of a multisport file. */
  leftOut: SportPart[];
}

/** Tracks of one GPX closer than this are one activity. */
const joinGapMs = 3600_000;
/** A track with times on fewer than this share of its points is a route, not a recording. */
const minTimedShare = 0.5;

const totalKeys = ['distance', 'timerTime', 'elapsedTime', 'ascent', 'descent', 'calories'] as const;

function sumTotals(parts: RawPart[]): DeviceTotals {
  const totals: DeviceTotals = {};
  for (const key of totalKeys) {
    if (parts.every((p) => p.totals[key] !== undefined)) {
      totals[key] = parts.reduce((sum, p) => sum + (p.totals[key] ?? 0), 0);
    }
  }
  const starts = parts.map((p) => p.totals.start).filter((s): s is number => s !== undefined);
  if (starts.length > 0) totals.start = Math.min(...starts);
  if (parts.length === 1) {
    const only = parts[0]!.totals;
    if (only.averageHeartRate !== undefined) totals.averageHeartRate = only.averageHeartRate;
    if (only.maxHeartRate !== undefined) totals.maxHeartRate = only.maxHeartRate;
  }
  return totals;
}

const samePosition = (a: TrackPoint, b: TrackPoint) =>
  a.lat === undefined || b.lat === undefined || (a.lat === b.lat && a.lon === b.lon);

/**
 * Sorts by time (stable) and merges samples that share a timestamp (FIT writes heart rate and
 * position in separate records of the same second), unless both carry different positions: a
 * GPX may hold two fixes in one second, and both count for the distance.
 */
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
    if (last && last.time === point.time && samePosition(last, point)) {
      const resumed = last.resumed || point.resumed;
      for (const [key, value] of Object.entries(point)) {
        if (value !== undefined) (last as unknown as Record<string, unknown>)[key] = value;
      }
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

/** Typical speed of a track (m/s, median over moving stretches), from device distance or GPS. */
function typicalSpeed(points: TrackPoint[]): number | null {
  const speeds: number[] = [];
  let last: TrackPoint | undefined;
  for (const p of points) {
    if (last && !p.resumed && p.time > last.time) {
      const dt = (p.time - last.time) / 1000;
      let d: number | undefined;
      if (p.distance !== undefined && last.distance !== undefined) d = p.distance - last.distance;
      else if (p.lat !== undefined && last.lat !== undefined) d = haversine(last.lat, last.lon!, p.lat, p.lon!);
      if (d !== undefined && d / dt > 0.5 && d / dt < 12) speeds.push(d / dt);
    }
    if (p.distance !== undefined || p.lat !== undefined) last = p;
  }
  if (speeds.length < 10) return null;
  speeds.sort((a, b) => a - b);
  return speeds[speeds.length >> 1]!;
}

/** Steps per minute a person usually takes at this speed (walking below 2 m/s, running above). */
function expectedStepsPerMinute(speed: number | null): number {
  if (speed === null) return 155;
  if (speed < 2) return 110;
  return Math.min(200, Math.max(140, 160 + 8 * (speed - 3)));
}

/**
 * Cadence in files is usually per leg (FIT `cadence` of a run, TCX RunCadence, Garmin GPX `cad`:
 * strides/min) but some devices and apps write steps/min. We store steps/min: the file's median
 * is doubled only when the doubled value is closer to what a person takes at the track's speed
 * (about 110 steps/min walking, 150-190 running) than the value itself. A treadmill walk at 120
 * steps/min stays 120; a run at 87 strides/min becomes 174.
 */
export function cadenceToStepsPerMinute(points: TrackPoint[]): void {
  const values: number[] = [];
  for (const p of points) if (p.cadence !== undefined && p.cadence > 0) values.push(p.cadence);
  if (values.length === 0) return;
  values.sort((a, b) => a - b);
  const median = values[Math.floor(values.length / 2)]!;
  const expected = expectedStepsPerMinute(typicalSpeed(points));
  if (Math.abs(Math.log((2 * median) / expected)) >= Math.abs(Math.log(median / expected))) return;
  for (const p of points) if (p.cadence !== undefined) p.cadence *= 2;
}

/**
 * Gives the points of a GPX segment that have no time one by interpolation between their timed
 * neighbours, so they count for the distance as they do in gpxpy; untimed points at a segment's
 * ends have nothing to stand between and are dropped. A part whose points mostly lack times is
 * a route, not a recorded activity: refused, rather than kept as the few timed metres.
 */
function fillUntimed(part: RawPart, label: string, repairs: string[]): void {
  const points = part.points;
  let untimed = 0;
  for (const p of points) if (!Number.isFinite(p.time)) untimed++;
  if (untimed === 0) return;
  const timed = points.length - untimed;
  if (timed < 2 || timed < points.length * minTimedShare) {
    throw new FileError(
      'no_activity',
      timed === 0
        ? `The ${label} track has no times at all: it is a route (a line on a map), not a recorded run.`
        : `Only ${timed} of the ${points.length} points of the ${label} track have a time: it is a route, not a recorded run.`,
    );
  }
  const out: TrackPoint[] = [];
  let dropped = 0;
  let start = 0;
  while (start < points.length) {
    let end = start + 1;
    while (end < points.length && !points[end]!.resumed) end++;
    const segment = points.slice(start, end);
    const known = segment.map((p, i) => (Number.isFinite(p.time) ? i : -1)).filter((i) => i >= 0);
    if (known.length === 0) dropped += segment.length;
    else {
      const first = known[0]!,
        last = known[known.length - 1]!;
      dropped += first + (segment.length - 1 - last);
      let k = 0;
      for (let i = first; i <= last; i++) {
        const p = segment[i]!;
        if (!Number.isFinite(p.time)) {
          while (known[k + 1]! < i) k++;
          const a = known[k]!,
            b = known[k + 1]!;
          p.time = Math.round(segment[a]!.time + ((segment[b]!.time - segment[a]!.time) * (i - a)) / (b - a));
        }
        if (i === first && segment[0]!.resumed) p.resumed = true;
        out.push(p);
      }
    }
    start = end;
  }
  part.points = out;
  repairs.push(
    `${untimed - dropped} point${untimed - dropped === 1 ? '' : 's'} without a time placed between their neighbours` +
      (dropped > 0 ? `, ${dropped} at the ends of a segment left out` : ''),
  );
}

/** Builds one activity out of parts of the same sport (one part, except joined GPX tracks). */
function buildTrack(
  group: RawPart[],
  all: RawPart[],
  input: AssembleInput,
  repairs: string[],
  multisport: boolean,
): Track {
  const sport = group[0]!.sport;
  const points = orderPoints(group.flatMap((p) => p.points));
  if (points.length === 0) {
    throw new FileError(
      'no_activity',
      `The ${input.label} file holds no timed track points: it is not a recorded activity.`,
    );
  }
  if (mayBeRunning(sport) || sport === 'walking' || sport === 'hiking') cadenceToStepsPerMinute(points);
  const pauses = group.flatMap((p) => p.pauses);
  // Between two joined tracks, the time spent elsewhere is not running time.
  for (let i = 1; i < group.length; i++) {
    const prev = group[i - 1]!.points;
    const next = group[i]!.points;
    if (prev.length === 0 || next.length === 0) continue;
    const gapStart = prev[prev.length - 1]!.time;
    const gapEnd = next[0]!.time;
    if (gapEnd > gapStart) pauses.push({ start: gapStart, end: gapEnd });
    next[0]!.resumed = true;
  }
  const parts: SportPart[] = all.map(sportPart);
  return {
    points,
    pauses: orderPauses(pauses),
    totals: sumTotals(group),
    laps: group.flatMap((p) => p.laps).sort((a, b) => a.start - b.start),
    sport,
    sportSource: sport === 'unknown' ? 'none' : 'file',
    multisport,
    parts,
    indoor: group.some((p) => p.indoor === true),
    repairs,
    device: input.device,
    name: group[0]!.name ?? input.name,
    utcOffsetMinutes: input.utcOffsetMinutes ?? null,
  };
}

function sportPart(p: RawPart): SportPart {
  return {
    sport: p.sport,
    start: p.totals.start ?? p.start ?? p.points[0]?.time ?? 0,
    end: p.end ?? p.points[p.points.length - 1]?.time ?? 0,
    ...(p.totals.distance !== undefined ? { distance: p.totals.distance } : {}),
    ...(p.totals.timerTime !== undefined ? { timerTime: p.totals.timerTime } : {}),
  };
}

/**
 * Turns the parts a parser found into activities. A file with several sports (triathlon, brick)
 * gives one activity per running part, the rest is `leftOut`; a file without a running part
 * gives its parts as they are (the caller refuses them when it wants runs only). Each part's
 * clock is repaired and its points ordered; a part without timed points is no activity.
 */
export function assembleActivities(input: AssembleInput): Assembled {
  const repairsOf = new Map<RawPart, string[]>();
  const parts: RawPart[] = [];
  for (const part of input.parts) {
    if (part.points.length === 0 && part.totals.distance === undefined) continue;
    const repairs: string[] = [];
    fillUntimed(part, input.label, repairs);
    repairs.push(...repairClock(part));
    repairsOf.set(part, repairs);
    parts.push(part);
  }
  const timed = parts.filter((p) => p.points.length > 0);
  if (timed.length === 0) {
    throw new FileError(
      'no_activity',
      `The ${input.label} file holds no timed track points: it is not a recorded activity.`,
    );
  }
  const multisport = new Set(timed.map((p) => p.sport)).size > 1;
  const running = timed.filter((p) => mayBeRunning(p.sport));
  const chosen = running.length > 0 ? running : timed;
  const groups: RawPart[][] = [];
  for (const part of [...chosen].sort((a, b) => a.points[0]!.time - b.points[0]!.time)) {
    const last = groups[groups.length - 1];
    const prev = last?.[last.length - 1];
    if (
      input.joinCloseParts &&
      prev &&
      prev.sport === part.sport &&
      part.points[0]!.time - prev.points[prev.points.length - 1]!.time < joinGapMs
    ) {
      last!.push(part);
    } else groups.push([part]);
  }
  const activities = groups.map((group) => ({
    track: buildTrack(
      group,
      parts,
      input,
      group.flatMap((p) => repairsOf.get(p) ?? []),
      multisport,
    ),
    externalId: group[0]!.externalId ?? null,
  }));
  const leftOut = parts.filter((p) => !chosen.includes(p)).map(sportPart);
  return { activities, leftOut };
}
