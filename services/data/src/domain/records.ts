import { recordDistances, type BestEffort, type RecordDistanceKey } from '@runnerly/contracts';
import { isValidTimeZone, localDate } from '@runnerly/calendar';
import { bestEffortsOfSeries } from '@runnerly/activity-files/best-efforts';

/** A best effort may be this far (a fraction) from a standard distance and still count for it. */
const TOLERANCE = 0.005;

/** The standard distance a best effort of `metres` counts for, whatever its source named it. */
export function recordDistanceOf(metres: number): RecordDistanceKey | null {
  for (const d of recordDistances) if (Math.abs(metres - d.distance_m) <= d.distance_m * TOLERANCE) return d.key;
  return null;
}

/** A row of `run_efforts`: one per run and standard distance. */
export interface EffortRow {
  run_id: string;
  user_id: string;
  distance: RecordDistanceKey;
  elapsed_time_s: number;
  start_time: string;
  year: number;
}

/** The calendar year a run started in, in its own zone (UTC when the zone is unknown). */
export function runYear(startTime: string, timeZone: string): number {
  return Number(localDate(startTime, isValidTimeZone(timeZone) ? timeZone : 'UTC').slice(0, 4));
}

/**
 * A run's efforts over the standard distances, from its best efforts (stored as JSON): the
 * fastest when two name the same distance, none for a time of zero (a glitch, not a record).
 */
export function effortRows(run: {
  id: string;
  user_id: string;
  start_time: string;
  timezone: string;
  best_efforts: string | BestEffort[] | null | undefined;
}): EffortRow[] {
  const efforts = typeof run.best_efforts === 'string' ? parseEfforts(run.best_efforts) : (run.best_efforts ?? []);
  const best = new Map<RecordDistanceKey, number>();
  for (const e of efforts) {
    const key = recordDistanceOf(e.distance_m);
    if (!key || !(e.elapsed_time_s > 0)) continue;
    const known = best.get(key);
    if (known === undefined || e.elapsed_time_s < known) best.set(key, e.elapsed_time_s);
  }
  const year = runYear(run.start_time, run.timezone);
  return [...best].map(([distance, elapsed]) => ({
    run_id: run.id,
    user_id: run.user_id,
    distance,
    elapsed_time_s: elapsed,
    start_time: run.start_time,
    year,
  }));
}

function parseEfforts(json: string): BestEffort[] {
  try {
    const parsed: unknown = JSON.parse(json);
    return Array.isArray(parsed) ? (parsed as BestEffort[]) : [];
  } catch {
    return [];
  }
}

/**
 * Best efforts from a run's samples (time and distance), for a run that arrived without any
 * (Strava's summaries carry none): null when the samples cannot tell.
 */
export function effortsFromStreams(streams: { time: number[]; distance?: number[] }): BestEffort[] | null {
  if (!streams.distance || streams.distance.length !== streams.time.length) return null;
  const efforts = bestEffortsOfSeries(streams.time, streams.distance);
  if (efforts.length === 0) return null;
  return efforts.map((e) => ({
    name: e.name,
    distance_m: e.distance,
    elapsed_time_s: Math.round(e.elapsedTime * 10) / 10,
  }));
}
