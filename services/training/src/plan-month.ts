import type { PlanMonth } from '@runnerly/contracts';
import { monthAdherence } from './domain/month-adherence.ts';
import { weeksView } from './domain/plan-view.ts';
import type { TrainingDeps } from './deps.ts';
import { checkPlan } from './planning.ts';
import { activePlans, planPredictions } from './store.ts';
import { raceEntry } from './upstream.ts';

/**
 * One calendar month (`YYYY-MM`) against the runner's active plans, as the monthly report tells it: the
 * plan with the most sessions that month and how they went, and the soonest race still ahead after it
 * with the latest prediction. Abandoned plans are left out.
 */
export async function planMonth(deps: TrainingDeps, userId: string, month: string): Promise<PlanMonth> {
  const rows = await activePlans(deps.db, userId);
  let best: { plan: NonNullable<PlanMonth['plan']> } | null = null;
  for (const row of rows) {
    const { plan, matches, runs } = await checkPlan(deps, row);
    const adherence = monthAdherence(weeksView(plan, matches, runs), runs, month);
    if (adherence && (!best || adherence.sessions_planned > best.plan.sessions_planned)) {
      best = { plan: { plan_id: row.id, race_name: row.race_name, ...adherence } };
    }
  }
  // Rows come soonest race first: the first one raced after the month is the next race.
  const ahead = rows.find((r) => r.race_date.slice(0, 7) > month);
  let next_race: PlanMonth['next_race'] = null;
  if (ahead) {
    const [predictions, entry] = await Promise.all([
      planPredictions(deps.db, ahead.id),
      raceEntry(deps, userId, ahead.race_id).catch(() => null),
    ]);
    next_race = {
      name: ahead.race_name,
      date: ahead.race_date,
      distance_m: ahead.race_distance_m,
      place: entry?.race.place ?? null,
      predicted_time_s: predictions.at(-1)?.seconds ?? null,
      goal_time_s: ahead.goal_s,
    };
  }
  return { plan: best?.plan ?? null, next_race };
}
