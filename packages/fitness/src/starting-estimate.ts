import { heartRateBounds, type RunnerProfile } from './runner-profile.ts';

export interface StartingEstimate {
  vdot: number;
  estimated: true;
  /** How the figure was reached, for the runner to read. */
  notes: string[];
}

/** Running economy of someone without recent runs: their VDOT sits below the VO2max a lab would measure. */
const ECONOMY = 0.85;
const MIN_VDOT = 25;
const MAX_VDOT = 60;

/**
 * A first VDOT for a runner with no runs to read it from: VO2max from the ratio of max to resting heart
 * rate (Uth et al. 2004: 15.3 × HRmax / HRrest; age and sex enter through the estimated max heart rate when
 * the profile has none), times an economy factor, kept within 25–60. Always flagged as an estimate, to be
 * replaced by the first real efforts.
 */
export function startingEstimate(profile: RunnerProfile): StartingEstimate {
  const hr = heartRateBounds(profile);
  const vo2max = (15.3 * hr.max) / hr.rest;
  const vdot = Math.min(MAX_VDOT, Math.max(MIN_VDOT, vo2max * ECONOMY));
  return {
    vdot,
    estimated: true,
    notes: [
      ...hr.notes,
      `VO2max about ${vo2max.toFixed(0)} from heart rates ${hr.max}/${hr.rest}; VDOT ${vdot.toFixed(1)} until your first runs say more`,
    ],
  };
}
