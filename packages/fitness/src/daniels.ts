/**
 * The Daniels–Gilbert equations (Oxygen Power, 1979), on which Daniels' VDOT tables are built.
 * Speeds are in metres per minute, durations in minutes, as in the original.
 */

/** Oxygen cost of running at `v` m/min, in ml/kg/min. */
export function oxygenCost(v: number): number {
  return -4.6 + 0.182258 * v + 0.000104 * v * v;
}

/** Fraction of VO2max a runner can sustain for `t` minutes (time to exhaustion curve). */
export function sustainableFraction(t: number): number {
  return 0.8 + 0.1894393 * Math.exp(-0.012778 * t) + 0.2989558 * Math.exp(-0.1932605 * t);
}

/** VDOT shown by covering `distanceM` metres in `seconds`. */
export function vdotFromPerformance(distanceM: number, seconds: number): number {
  const t = seconds / 60;
  return oxygenCost(distanceM / t) / sustainableFraction(t);
}

/** Speed (m/min) whose oxygen cost is `vo2` ml/kg/min: the positive root of the cost quadratic. */
export function speedForOxygenCost(vo2: number): number {
  const a = 0.000104;
  const b = 0.182258;
  const c = -4.6 - vo2;
  return (-b + Math.sqrt(b * b - 4 * a * c)) / (2 * a);
}

/** Seconds per kilometre at `fraction` of VDOT (Daniels sets training paces this way). */
export function paceAtFraction(vdot: number, fraction: number): number {
  return 60_000 / speedForOxygenCost(vdot * fraction);
}

/**
 * Race time (seconds) over `distanceM` for a runner of this VDOT: the time t at which
 * vdotFromPerformance(distanceM, t) equals `vdot`, found by bisection (the function falls as t grows).
 */
export function raceTimeForVdot(vdot: number, distanceM: number): number {
  let lo = 1; // one second: faster than anything human
  let hi = 60 * 60 * 48;
  for (let i = 0; i < 100 && hi - lo > 1e-4; i++) {
    const mid = (lo + hi) / 2;
    if (vdotFromPerformance(distanceM, mid) > vdot) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
