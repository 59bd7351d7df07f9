import type { PlanMonth, PlanWeek } from '@runnerly/contracts';

type Adherence = Omit<NonNullable<PlanMonth['plan']>, 'plan_id' | 'race_name'>;

/**
 * How the sessions a plan put in one calendar month (`YYYY-MM`, in the plan's zone) went: how many
 * were planned, done, partly done and missed, the distance planned and the distance of the runs
 * matched to them. Null when the plan had no session that month.
 */
export function monthAdherence(
  weeks: readonly PlanWeek[],
  runs: readonly { id: string; distance_m: number }[],
  month: string,
): Adherence | null {
  const sessions = weeks.flatMap((w) => w.sessions).filter((s) => s.date.slice(0, 7) === month);
  if (sessions.length === 0) return null;
  const distanceOf = new Map(runs.map((r) => [r.id, r.distance_m]));
  const count = (status: string) => sessions.filter((s) => s.status === status).length;
  const matched = new Set(
    sessions.filter((s) => (s.status === 'done' || s.status === 'partly') && s.run_id).map((s) => s.run_id!),
  );
  return {
    sessions_planned: sessions.length,
    sessions_done: count('done'),
    sessions_partly_done: count('partly'),
    sessions_missed: count('missed'),
    planned_distance_m: sessions.reduce((sum, s) => sum + s.distance_m, 0),
    done_distance_m: [...matched].reduce((sum, id) => sum + (distanceOf.get(id) ?? 0), 0),
  };
}
