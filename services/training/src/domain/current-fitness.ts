import {
  addDays,
  currentVdot,
  daysBetween,
  equivalentTime,
  localDate,
  startingEstimate,
  trainingLoad,
  trainingPaces,
  fitnessFatigueForm,
  type DayForm,
  type EffortRun,
  type RunnerProfile,
} from '@runnerly/fitness';
import { clock } from './validate-plan-request.ts';

/** A run as the training service keeps it: what fitness, matching and loads read. */
export interface StoredRun extends EffortRun {
  id: string;
  moving_time_s: number;
  average_heartrate: number | null;
}

export interface CurrentFitness {
  /** Kilometres of each of the last `weeks` 7-day spans before `today`, oldest first. */
  weeklyKm: number[];
  longestRunKm: number;
  vdot: number;
  vdotEstimated: boolean;
  /** The effort behind the VDOT, or how it was estimated, for the runner to read. */
  vdotSource: string;
}

const WEEKS = 8;

/**
 * Current fitness from the runs before `today` (a calendar date in the runner's zone): weekly volume of
 * the last eight 7-day spans, the longest run of those weeks, and VDOT from the best effort of the last
 * twelve weeks; a starting estimate from the profile when no run has an effort worth reading.
 */
export function currentFitness(
  runs: readonly StoredRun[],
  timeZone: string,
  today: string,
  profile: RunnerProfile,
): CurrentFitness {
  const weeklyKm = Array.from({ length: WEEKS }, () => 0);
  let longest = 0;
  const from = addDays(today, -7 * WEEKS);
  for (const r of runs) {
    const d = localDate(r.start_time, timeZone);
    if (d < from || d >= today) continue;
    const k = Math.floor(daysBetween(from, d) / 7);
    weeklyKm[k]! += r.distance_m / 1000;
    longest = Math.max(longest, r.distance_m / 1000);
  }
  const rounded = weeklyKm.map((k) => Math.round(k * 10) / 10);
  const vdot = currentVdot(runs, timeZone, addDays(today, -1));
  if (vdot) {
    const e = vdot.effort;
    return {
      weeklyKm: rounded,
      longestRunKm: Math.round(longest * 10) / 10,
      vdot: round1(vdot.vdot),
      vdotEstimated: false,
      vdotSource: `${e.name === 'whole run' ? 'a run' : e.name} of ${(e.distanceM / 1000).toFixed(1)} km in ${clock(e.seconds)} on ${e.date}`,
    };
  }
  const estimate = startingEstimate(profile);
  return {
    weeklyKm: rounded,
    longestRunKm: Math.round(longest * 10) / 10,
    vdot: round1(estimate.vdot),
    vdotEstimated: true,
    vdotSource: `estimate: ${estimate.notes.join('; ')}`,
  };
}

/** The prediction as of `today`: Daniels' equivalent for the best effort of the last 12 weeks, or null. */
export function predictionAsOf(
  runs: readonly StoredRun[],
  timeZone: string,
  today: string,
  distanceM: number,
): { vdot: number; seconds: number } | null {
  const v = currentVdot(runs, timeZone, today);
  return v ? { vdot: round1(v.vdot), seconds: Math.round(equivalentTime(v.vdot, distanceM)) } : null;
}

/**
 * Fitness, fatigue and form per day from `from` to `to`, loads from heart rate when the run has one, else
 * from pace relative to the threshold pace of `vdot`.
 */
export function formSeries(
  runs: readonly StoredRun[],
  timeZone: string,
  from: string,
  to: string,
  profile: RunnerProfile,
  vdot: number,
  vdotEstimated: boolean,
): DayForm[] {
  const paces = trainingPaces(vdot);
  const threshold = (paces.threshold.fast + paces.threshold.slow) / 2;
  const loads = runs.map((r) => ({
    start_time: r.start_time,
    load: trainingLoad(r, profile, threshold, vdotEstimated).load,
  }));
  return fitnessFatigueForm(loads, timeZone, from, to);
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
