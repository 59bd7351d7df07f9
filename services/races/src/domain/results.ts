import { localDate } from '@runnerly/calendar';

/** A run as the matching needs it (what the data service says of it). */
export interface CandidateRun {
  id: string;
  start_time: string;
  distance_m: number;
  elapsed_time_s: number;
}

/** A race as the matching needs it. */
export interface RaceDay {
  start_time: string;
  timezone: string;
  distance_m: number;
}

/** A run is the race when it happened the same day in the race's zone, its distance within 3%. */
export const DISTANCE_TOLERANCE = 0.03;

export function isRaceRun(race: RaceDay, run: CandidateRun): boolean {
  if (localDate(run.start_time, race.timezone) !== localDate(race.start_time, race.timezone)) return false;
  return Math.abs(run.distance_m - race.distance_m) <= race.distance_m * DISTANCE_TOLERANCE;
}

/**
 * The run that is the race among these: the matching one closest in distance (a warm-up jog
 * the same day is far shorter), the earlier one on a tie. Undefined when none matches.
 */
export function raceRun(race: RaceDay, runs: CandidateRun[]): CandidateRun | undefined {
  return runs
    .filter((r) => isRaceRun(race, r))
    .sort(
      (a, b) =>
        Math.abs(a.distance_m - race.distance_m) - Math.abs(b.distance_m - race.distance_m) ||
        a.start_time.localeCompare(b.start_time),
    )[0];
}
