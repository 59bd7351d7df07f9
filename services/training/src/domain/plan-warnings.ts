import { clock } from './validate-plan-request.ts';
import type { Layout } from './plan-layout.ts';
import type { PlanRequest } from './plan-types.ts';
import { STARTER_KM, type RaceProfile } from './race-profile.ts';

export interface WarningFacts {
  request: PlanRequest;
  race: RaceProfile;
  layout: Layout;
  baselineKm: number;
  predictedSeconds: number;
  goalVdot: number | null;
}

/** What the runner should read before starting the plan, in plain sentences. */
export function planWarnings(f: WarningFacts): string[] {
  const out: string[] = [];
  const { request, race, layout } = f;
  const weeks = (n: number) => `${n} week${n === 1 ? '' : 's'}`;
  if (layout.available < layout.needed) {
    out.push(
      `Your ${race.label} is ${weeks(layout.available)} away, but building safely from ${f.baselineKm.toFixed(0)} km weeks and a ` +
        `${request.fitness.longestRunKm.toFixed(0)} km longest run to race it comfortably takes about ${weeks(layout.needed)}. ` +
        `This is a short plan that never grows faster than is safe, so you will not be fully ready: consider a later race, ` +
        `or run this one at an easy effort.`,
    );
  }
  if (layout.maintenanceWeeks > 0) {
    out.push(
      `The race is ${weeks(layout.available)} away: the plan holds your fitness for ${weeks(layout.maintenanceWeeks)}, ` +
        `then builds for the last ${weeks(layout.available - layout.maintenanceWeeks)}.`,
    );
  }
  if (f.baselineKm < STARTER_KM) {
    out.push(
      `You have run little lately: the plan starts with ${STARTER_KM} km a week of short, easy runs (walk breaks are fine).`,
    );
  }
  if (request.fitness.vdotEstimated) {
    out.push('Paces come from an estimate, not from your runs: they will change once runs with efforts come in.');
  }
  if (request.goal.kind === 'time' && f.goalVdot !== null) {
    const gain = Math.min(6, layout.available / 4 + 1);
    if (f.goalVdot > request.fitness.vdot + gain) {
      out.push(
        `Your target of ${clock(request.goal.seconds)} needs a VDOT of ${f.goalVdot.toFixed(1)}; you are at ` +
          `${request.fitness.vdot.toFixed(1)} now (predicted ${clock(f.predictedSeconds)}). The plan trains at your current ` +
          `paces; the prediction will show whether you close the gap.`,
      );
    }
  }
  return out;
}
