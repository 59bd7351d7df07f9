import { equivalentTime, trainingPaces, vdotFromPerformance, type PaceRange } from '@runnerly/fitness';
import { buildWeek, runDaysFor } from './build-week.ts';
import { longRuns } from './long-runs.ts';
import { baselineKm, planLayout } from './plan-layout.ts';
import type { Plan, PlanRequest } from './plan-types.ts';
import { planWarnings } from './plan-warnings.ts';
import { raceProfile } from './race-profile.ts';
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
  const runDays = targetsM.map((m) => runDaysFor(m / 1000, request.daysPerWeek));
  const easyMid = (paces.easy.fast + paces.easy.slow) / 2;
  const longM = longRuns({
    frames: layout.frames,
    targetsM,
    runDays,
    longestRecentKm: request.fitness.longestRunKm,
    easyPaceSPerKm: easyMid,
    race,
  });
  const predictedSeconds = equivalentTime(request.fitness.vdot, request.raceDistanceM);
  const goalVdot =
    request.goal.kind === 'time' ? vdotFromPerformance(request.raceDistanceM, request.goal.seconds) : null;
  const racePace = racePaceRange(request, predictedSeconds);
  const ctx = { request, paces, race, racePace };

  const weeks = layout.frames.map((frame, i) => {
    const marathonPace =
      race.raceClass === 'marathon' && frame.phase === 'peak' && !frame.cutback && longM[i]! >= 16_000;
    return buildWeek(
      {
        frame,
        targetM: targetsM[i]!,
        runDays: runDays[i]!,
        longM: longM[i]!,
        marathonPaceKm: marathonPace ? Math.floor((0.3 * longM[i]!) / 1000) : 0,
        qualities: weekQuality(frame.phase, race.raceClass, {
          cutback: frame.cutback,
          isRaceWeek: frame.isRaceWeek,
          weekInPhase: frame.weekInPhase,
          phaseWeeks: frame.phaseWeeks,
          runDays: runDays[i]!,
          weekKm: targetsM[i]! / 1000,
        }),
        weeksToBlock: layout.maintenanceWeeks - i,
      },
      ctx,
    );
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

/** Race-day pace: the goal's when there is a target time, otherwise the predicted time's; ±1%. */
function racePaceRange(request: PlanRequest, predictedSeconds: number): PaceRange {
  const seconds = request.goal.kind === 'time' ? request.goal.seconds : predictedSeconds;
  const pace = seconds / (request.raceDistanceM / 1000);
  return { fast: Math.round(pace * 0.99), slow: Math.round(pace * 1.01) };
}
