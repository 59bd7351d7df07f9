import type { PlanHome, PlanSession, PlanWeek } from '@runnerly/contracts';
import { weeklyRunKm, type DoneRun, type SessionMatch } from './match-runs.ts';
import type { Plan } from './plan-types.ts';

/** The plan's weeks as the API shows them: each session with its status, each week with what was run. */
export function weeksView(plan: Plan, matches: readonly SessionMatch[], runs: readonly DoneRun[]): PlanWeek[] {
  const byId = new Map(matches.map((m) => [m.sessionId, m]));
  const done = weeklyRunKm(plan, runs, plan.request.timeZone);
  return plan.weeks.map((w, i) => ({
    index: w.index,
    start_date: w.startDate,
    end_date: w.endDate,
    phase: w.phase,
    cutback: w.cutback,
    target_km: w.targetKm,
    planned_km: round1(w.trainingKm),
    done_km: round1(done[i] ?? 0),
    sessions: w.sessions.map((s) => {
      const m = byId.get(s.id);
      return {
        id: s.id,
        date: s.date,
        type: s.type,
        title: s.title,
        distance_m: s.distanceM,
        duration_s: s.durationS,
        pace: s.pace,
        structure: s.structure,
        why: s.why,
        status: m?.status ?? 'planned',
        run_id: m?.runId ?? null,
        status_reason: m?.reason ?? '',
      };
    }),
  }));
}

/** Home's part: the week holding `today`, planned against done, and the next session not done yet. */
export function homeWeek(
  weeks: readonly PlanWeek[],
  today: string,
): { week: NonNullable<PlanHome['plan']>['week']; next: PlanSession | null } {
  const w = weeks.find((x) => x.start_date <= today && today <= x.end_date) ?? null;
  const next =
    weeks.flatMap((x) => x.sessions).find((s) => s.date >= today && s.status !== 'done' && s.status !== 'partly') ??
    null;
  return {
    week: w && {
      index: w.index,
      phase: w.phase,
      planned_km: w.planned_km,
      done_km: w.done_km,
      sessions: w.sessions,
    },
    next,
  };
}

function round1(x: number): number {
  return Math.round(x * 10) / 10;
}
