import { raceTimeForVdot } from './daniels.ts';

export const RACE_DISTANCES = {
  '5K': 5000,
  '10K': 10_000,
  'Half marathon': 21_097.5,
  Marathon: 42_195,
} as const;

/** Race time in seconds for a runner of this VDOT over `distanceM` (Daniels–Gilbert, solved numerically). */
export function equivalentTime(vdot: number, distanceM: number): number {
  return raceTimeForVdot(vdot, distanceM);
}

/** Riegel's endurance formula: t2 = t1 × (d2 / d1)^1.06. */
export function riegelTime(knownDistanceM: number, knownSeconds: number, distanceM: number, exponent = 1.06): number {
  return knownSeconds * Math.pow(distanceM / knownDistanceM, exponent);
}

export interface Equivalent {
  distanceM: number;
  /** From the VDOT. */
  seconds: number;
  /** From Riegel's formula on the performance that set the VDOT, when there is one. */
  riegelSeconds: number | null;
}

/** Equivalent times over the usual distances, with Riegel's figure beside Daniels' as a second opinion. */
export function equivalentRaces(
  vdot: number,
  from: { distanceM: number; seconds: number } | null,
  distances: readonly number[] = Object.values(RACE_DISTANCES),
): Equivalent[] {
  return distances.map((distanceM) => ({
    distanceM,
    seconds: equivalentTime(vdot, distanceM),
    riegelSeconds: from ? riegelTime(from.distanceM, from.seconds, distanceM) : null,
  }));
}
