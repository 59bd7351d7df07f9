import { addDays, localDate } from './calendar-dates.ts';
import { vdotFromPerformance } from './daniels.ts';

/** A run as the data service returns it, with its best efforts when known. */
export interface EffortRun {
  id?: string;
  start_time: string;
  distance_m: number;
  elapsed_time_s: number;
  best_efforts?: ReadonlyArray<{ name: string; distance_m: number; elapsed_time_s: number }> | null;
}

export interface Effort {
  runId: string | null;
  /** The best effort's name (e.g. "5k"), or "whole run". */
  name: string;
  distanceM: number;
  seconds: number;
  /** Calendar date of the run in the runner's zone. */
  date: string;
  vdot: number;
}

export interface CurrentVdot {
  vdot: number;
  /** The effort that set it. */
  effort: Effort;
  estimated: false;
}

/** Efforts shorter than this are sprints: the time-to-exhaustion curve is not meant for them. */
const MIN_DISTANCE_M = 1500;
const MIN_SECONDS = 3.5 * 60;
/** Anything above this is a recording glitch (the best marathoners are in the low 80s). */
const MAX_PLAUSIBLE_VDOT = 85;
const MIN_PLAUSIBLE_VDOT = 10;

/** Every effort worth reading in the runs: their best efforts from the mile up, and each whole run. */
export function effortsOf(runs: readonly EffortRun[], timeZone: string): Effort[] {
  const out: Effort[] = [];
  for (const run of runs) {
    const date = localDate(run.start_time, timeZone);
    const candidates = [
      { name: 'whole run', distance_m: run.distance_m, elapsed_time_s: run.elapsed_time_s },
      ...(run.best_efforts ?? []),
    ];
    for (const c of candidates) {
      if (c.distance_m < MIN_DISTANCE_M || c.elapsed_time_s < MIN_SECONDS) continue;
      const vdot = vdotFromPerformance(c.distance_m, c.elapsed_time_s);
      if (!(vdot >= MIN_PLAUSIBLE_VDOT && vdot <= MAX_PLAUSIBLE_VDOT)) continue;
      out.push({ runId: run.id ?? null, name: c.name, distanceM: c.distance_m, seconds: c.elapsed_time_s, date, vdot });
    }
  }
  return out;
}

/**
 * Current VDOT: the best effort among the runs started in the `weeks` weeks up to `asOf` (a calendar date in
 * the runner's zone, included). Daniels reads fitness off recent races; best efforts inside training runs
 * are at most as fast as a race, so the best of them is the fairest reading. Null when no run qualifies.
 */
export function currentVdot(
  runs: readonly EffortRun[],
  timeZone: string,
  asOf: string,
  weeks = 12,
): CurrentVdot | null {
  const span = Math.min(12, Math.max(8, Math.round(weeks)));
  const from = addDays(asOf, -7 * span + 1);
  let best: Effort | null = null;
  for (const e of effortsOf(runs, timeZone)) {
    if (e.date < from || e.date > asOf) continue;
    if (!best || e.vdot > best.vdot || (e.vdot === best.vdot && e.date > best.date)) best = e;
  }
  return best ? { vdot: best.vdot, effort: best, estimated: false } : null;
}
