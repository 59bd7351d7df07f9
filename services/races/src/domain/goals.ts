import type { RaceGoal } from '@runnerly/contracts';
import { formatDuration } from '@runnerly/units';

/** The men's marathon world record (Kelvin Kiptum, Chicago 2023): 2:00:35. */
const MARATHON_RECORD_S = 2 * 3600 + 35;
/** Riegel's fatigue exponent: t2 = t1 × (d2 / d1)^1.06. */
const RIEGEL = 1.06;
/** Nobody runs 100 m in under 9.58 s; the sprint record bounds every short distance. */
const TOP_SPEED_MS = 100 / 9.58;
/** A brisk walk: 4 km/h (15:00 per km). A goal slower than this is no running goal. */
export const WALKING_SPEED_MS = 4000 / 3600;

/** Riegel is within about 2% of the records from 5K up: the bound leaves 3% more. */
const MARGIN = 0.97;

/**
 * A little under the fastest time anyone has run this distance in: Riegel's formula from the
 * marathon record (12:35 for 5K, 26:13 for 10K, 57:51 for the half; the records are 12:35,
 * 26:11, 56:42), less 3%, never faster than the sprint record's speed.
 */
export function recordTimeS(distanceM: number): number {
  const riegel = MARATHON_RECORD_S * (distanceM / 42195) ** RIEGEL;
  return Math.max(riegel * MARGIN, distanceM / TOP_SPEED_MS);
}

/** The slowest time that is still a running goal for this distance. */
export function walkingTimeS(distanceM: number): number {
  return distanceM / WALKING_SPEED_MS;
}

/** h:mm:ss or m:ss, as everywhere in Runnerly. */
export const clock = formatDuration;

/** Why a goal makes no sense for this distance, or null when it does. */
export function goalProblem(goal: RaceGoal, distanceM: number): string | null {
  if (goal.kind === 'finish') return null;
  const record = recordTimeS(distanceM);
  if (goal.target_s < Math.floor(record))
    return `A target of ${clock(goal.target_s)} is faster than the world record for ${km(distanceM)} (about ${clock(record)}).`;
  const walking = walkingTimeS(distanceM);
  if (goal.target_s > Math.ceil(walking))
    return `A target of ${clock(goal.target_s)} is slower than walking ${km(distanceM)} (${clock(walking)} at 4 km/h): choose "finish" instead.`;
  return null;
}

/** Why a typed-in result cannot be true for this distance, or null. */
export function resultProblem(elapsedS: number, distanceM: number): string | null {
  const record = recordTimeS(distanceM);
  if (elapsedS < Math.floor(record))
    return `${clock(elapsedS)} would beat the world record for ${km(distanceM)} (about ${clock(record)}): check the time.`;
  return null;
}

const km = (m: number) => `${Math.round(m / 100) / 10} km`;
