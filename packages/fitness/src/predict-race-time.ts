import { equivalentTime, riegelTime } from './race-equivalents.ts';

export interface RacePrediction {
  distanceM: number;
  /** Daniels' equivalent time for the current VDOT. */
  seconds: number;
  /** Riegel's figure from the effort behind the VDOT, when known. */
  riegelSeconds: number | null;
  /** The faster and the slower of the two opinions. */
  low: number;
  high: number;
  /** Goal time minus predicted time: positive when the goal is slower (within reach), when there is a goal. */
  marginSeconds: number | null;
}

/** Predicted race time from current fitness, with a second opinion and the margin to a target time. */
export function predictRaceTime(
  vdot: number,
  distanceM: number,
  effort: { distanceM: number; seconds: number } | null = null,
  goalSeconds: number | null = null,
): RacePrediction {
  const seconds = equivalentTime(vdot, distanceM);
  const riegelSeconds = effort ? riegelTime(effort.distanceM, effort.seconds, distanceM) : null;
  const both = riegelSeconds == null ? [seconds] : [seconds, riegelSeconds];
  return {
    distanceM,
    seconds,
    riegelSeconds,
    low: Math.min(...both),
    high: Math.max(...both),
    marginSeconds: goalSeconds == null ? null : goalSeconds - seconds,
  };
}
