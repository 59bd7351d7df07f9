import { oxygenCost } from './daniels.ts';
import { heartRateBounds, type RunnerProfile } from './runner-profile.ts';

/** The part of a run the load needs (the data service's field names). */
export interface LoadRun {
  moving_time_s: number;
  distance_m: number;
  average_heartrate: number | null;
}

export interface RunLoad {
  /** Banister TRIMP units: about 100 for an hour at an easy-to-steady effort. */
  load: number;
  method: 'heart-rate' | 'pace';
  /** Share of the heart-rate (or oxygen-uptake) reserve the run was done at, 0–1.2. */
  intensity: number;
  /** True when the heart-rate bounds or the threshold pace behind the figure were estimated. */
  estimated: boolean;
}

/** Resting oxygen uptake, ml/kg/min: the floor of the oxygen-uptake reserve. */
const REST_VO2 = 3.5;

/** Banister's weighting: intensity counts exponentially, more steeply for men than for women. */
function banisterWeight(x: number, sex: RunnerProfile['sex']): number {
  const men = 0.64 * Math.exp(1.92 * x);
  const women = 0.86 * Math.exp(1.67 * x);
  if (sex === 'male') return men;
  if (sex === 'female') return women;
  return (men + women) / 2;
}

function trimp(minutes: number, x: number, sex: RunnerProfile['sex']): number {
  return minutes * x * banisterWeight(x, sex);
}

/** Pace-based intensity: share of the oxygen-uptake reserve at the run's speed, with VO2max set by threshold pace. */
export function paceIntensity(run: LoadRun, thresholdPaceSPerKm: number): number {
  if (run.moving_time_s <= 0 || run.distance_m <= 0) return 0;
  const speed = run.distance_m / (run.moving_time_s / 60);
  const vo2max = oxygenCost(60_000 / thresholdPaceSPerKm) / 0.88;
  return clamp((oxygenCost(speed) - REST_VO2) / (vo2max - REST_VO2), 0, 1.2);
}

/**
 * Training load of one run: Banister's TRIMP from the average heart rate when there is one (max and rest
 * heart rate from the profile, or estimated), otherwise the same formula on the run's intensity relative to
 * the runner's threshold pace (the share of the oxygen-uptake reserve stands in for the share of the heart-rate
 * reserve, which track each other closely). `thresholdEstimated` says the threshold pace itself is a guess.
 */
export function trainingLoad(
  run: LoadRun,
  profile: RunnerProfile,
  thresholdPaceSPerKm: number,
  thresholdEstimated = false,
): RunLoad {
  const minutes = Math.max(0, run.moving_time_s) / 60;
  if (run.average_heartrate != null && run.average_heartrate > 0) {
    const hr = heartRateBounds(profile);
    const x = clamp((run.average_heartrate - hr.rest) / (hr.max - hr.rest), 0, 1.2);
    return {
      load: trimp(minutes, x, profile.sex),
      method: 'heart-rate',
      intensity: x,
      estimated: hr.estimated.length > 0,
    };
  }
  const x = paceIntensity(run, thresholdPaceSPerKm);
  return { load: trimp(minutes, x, profile.sex), method: 'pace', intensity: x, estimated: thresholdEstimated };
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}
