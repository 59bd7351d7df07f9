import {
  equivalentTime,
  trainingPaces,
  vdotFromPerformance,
  type PaceRange,
  type TrainingPaces,
} from '@runnerly/fitness';
import { buildWeek, runDaysFor, type WeekSpec } from './build-week.ts';
import { longRuns } from './long-runs.ts';
import { baselineKm, planLayout, type WeekFrame } from './plan-layout.ts';
import type { Plan, PlanRequest, PlanWeek } from './plan-types.ts';
import { planWarnings } from './plan-warnings.ts';
import { raceProfile, type RaceProfile } from './race-profile.ts';
import { weekQuality } from './week-quality.ts';
import { peakTargetKm, weeklyTargets } from './weekly-volume.ts';

/**
 * A week-by-week plan toward the race, from a validated request (see validatePlanRequest). Pure and
 * deterministic: the same request always gives the same plan.
 */
export function generatePlan(request: PlanRequest): Plan {
  const race = raceProfile(request.raceDistanceM);
  const layout = planLayout(request, race);
  const baseline = baselineKm(request.fitness.weeklyKm);
  const paces = trainingPaces(request.fitness.vdot);
  const peakKm = peakTargetKm(race.peakKm, request.daysPerWeek, baseline);
  const targetsM = weeklyTargets(layout.frames, baseline, peakKm, request.daysPerWeek);
  const predictedSeconds = equivalentTime(request.fitness.vdot, request.raceDistanceM);
  const goalVdot =
    request.goal.kind === 'time' ? vdotFromPerformance(request.raceDistanceM, request.goal.seconds) : null;
  const weeks = buildWeeks(request, layout.frames, targetsM, {
    race,
    paces,
    longestRecentKm: request.fitness.longestRunKm,
  });
  return {
    request,
    weeks,
    paces,
    predictedSeconds,
    goalVdot,
    peakKm: Math.max(...targetsM) / 1000,
    warnings: planWarnings({ request, race, layout, baselineKm: baseline, predictedSeconds, goalVdot }),
  };
}

export interface BuildOptions {
  race: RaceProfile;
  paces: TrainingPaces;
  /** Longest run before the first of these weeks: long runs grow from it. */
  longestRecentKm: number;
  /** Weeks (by index) that drop one quality session to absorb extra running. */
  easedWeeks?: ReadonlySet<number>;
  /** No session before this date (re-balancing from today). */
  notBefore?: string;
}

/** Sessions of each week from its frame and target volume (metres): long runs, quality, easy running. */
export function buildWeeks(
  request: PlanRequest,
  frames: readonly WeekFrame[],
  targetsM: readonly number[],
  opts: BuildOptions,
): PlanWeek[] {
  const { race, paces } = opts;
  const runDays = targetsM.map((m) => runDaysFor(m / 1000, request.daysPerWeek));
  const longM = longRuns({
    frames,
    targetsM,
    runDays,
    longestRecentKm: opts.longestRecentKm,
    easyPaceSPerKm: (paces.easy.fast + paces.easy.slow) / 2,
    race,
  });
  const predictedSeconds = equivalentTime(request.fitness.vdot, request.raceDistanceM);
  const ctx = {
    request: opts.notBefore && opts.notBefore > request.startDate ? { ...request, startDate: opts.notBefore } : request,
    paces,
    race,
    racePace: racePaceRange(request, predictedSeconds),
  };
  const maintenanceEnd = frames.filter((f) => f.phase === 'maintenance').at(-1)?.index ?? 0;
  return frames.map((frame, i) => {
    const marathonPace =
      race.raceClass === 'marathon' && frame.phase === 'peak' && !frame.cutback && longM[i]! >= 16_000;
    let qualities = weekQuality(frame.phase, race.raceClass, {
      cutback: frame.cutback,
      isRaceWeek: frame.isRaceWeek,
      weekInPhase: frame.weekInPhase,
      phaseWeeks: frame.phaseWeeks,
      runDays: runDays[i]!,
      weekKm: targetsM[i]! / 1000,
    });
    if (opts.easedWeeks?.has(frame.index)) qualities = qualities.slice(0, Math.max(0, qualities.length - 1));
    const spec: WeekSpec = {
      frame,
      targetM: targetsM[i]!,
      runDays: runDays[i]!,
      longM: longM[i]!,
      marathonPaceKm: marathonPace ? Math.floor((0.3 * longM[i]!) / 1000) : 0,
      qualities,
      weeksToBlock: maintenanceEnd - frame.index + 1,
    };
    return buildWeek(spec, ctx);
  });
}

/** Race-day pace: the goal's when there is a target time, otherwise the predicted time's; ±1%. */
function racePaceRange(request: PlanRequest, predictedSeconds: number): PaceRange {
  const seconds = request.goal.kind === 'time' ? request.goal.seconds : predictedSeconds;
  const pace = seconds / (request.raceDistanceM / 1000);
  return { fast: Math.round(pace * 0.99), slow: Math.round(pace * 1.01) };
}
