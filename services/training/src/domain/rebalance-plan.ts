import { addDays, localDate, weekdayName } from '@runnerly/fitness';
import { buildWeeks } from './generate-plan.ts';
import { matchRuns, weeklyRunKm, type DoneRun, type SessionMatch } from './match-runs.ts';
import { framesOf } from './plan-frames.ts';
import type { Plan, PlannedSession, PlanWeek } from './plan-types.ts';
import { CUTBACK, raceProfile, STARTER_KM, WEEKLY_GROWTH } from './race-profile.ts';
import { floorToHundredMetres, peakTargetKm } from './weekly-volume.ts';

export interface Rebalanced {
  plan: Plan;
  /** What changed and why, one sentence each, for the runner to read. */
  changes: string[];
  matches: SessionMatch[];
  /** Index of the first week whose volume was planned again, when one was. */
  replannedFrom: number | null;
}

const HARD = new Set(['tempo', 'intervals', 'repetitions', 'long', 'race']);
const MOVABLE = new Set(['tempo', 'intervals', 'repetitions', 'long']);
/** A completed week run to this share of its target counts as done; below it, growth restarts from what was run. */
const DONE = 0.9;
/** Above this share the runner ran much more than planned. */
const OVER = 1.2;
const MAX_RAISE = 1.15;

/**
 * Re-balances what is left of a plan after `today` given the runs done so far, within the generator's
 * safety rules:
 * - a hard session not run earlier this week moves to a later day of the week that has no hard day either
 *   side (taking an easy day's place), or is let go rather than crammed in;
 * - after a week well under target, the coming weeks grow back from what was actually run, by at most 10%
 *   a week;
 * - after a week well over target, the next week drops a hard session to absorb it; after two such weeks the
 *   coming weeks are raised (at most 15%, still within the 10% rule from what was run and the plan's peak).
 */
export function rebalancePlan(plan: Plan, runs: readonly DoneRun[], today: string): Rebalanced {
  const { request } = plan;
  const tz = request.timeZone;
  const weeks: PlanWeek[] = structuredClone(plan.weeks);
  const changes: string[] = [];
  const matching = matchRuns(plan, runs, tz, today);
  const current = weeks.findIndex((w) => w.startDate <= today && today <= w.endDate);
  if (current === -1 || today > request.raceDate) {
    return { plan, changes, matches: matching.sessions, replannedFrom: null };
  }

  // 1. Hard sessions not run earlier in the current week.
  const status = new Map(matching.sessions.map((m) => [m.sessionId, m.status]));
  const week = weeks[current]!;
  for (const s of [...week.sessions]) {
    if (!MOVABLE.has(s.type) || s.date >= today || status.get(s.id) === 'done' || status.get(s.id) === 'partly')
      continue;
    const all = weeks.flatMap((w) => w.sessions);
    const day = freeDay(all, s, today, week.endDate, addDays(request.raceDate, -4));
    const what = `${weekdayName(s.date)}'s ${name(s)}`;
    if (!day) {
      changes.push(`${capital(what)} is not made up: no day is left this week without two hard days in a row.`);
      continue;
    }
    const displaced = week.sessions.find((x) => x.date === day);
    const from = s.date;
    week.sessions = week.sessions.filter((x) => x !== displaced);
    s.date = day;
    week.sessions.sort((a, b) => (a.date < b.date ? -1 : 1));
    changes.push(
      `Moved ${what} to ${weekdayName(day)} because it was not run on ${weekdayName(from)}` +
        (displaced
          ? `; ${weekdayName(day)}'s ${name(displaced)} makes way for it.`
          : `; ${weekdayName(day)} was a rest day.`),
    );
  }
  for (const w of weeks) w.trainingKm = sumKm(w.sessions);

  // 2. Volume of the weeks to come.
  const actual = weeklyRunKm(plan, runs, tz);
  const started = week.sessions.some((s) => s.date < today) || week.startDate < today;
  const first = started ? current + 1 : current;
  const completed = (k: number) => k >= 0 && k < current;
  const ratio = (k: number) => (completed(k) && weeks[k]!.targetKm > 0 ? actual[k]! / weeks[k]!.targetKm : 1);
  const last = current - 1;
  const under = [last, last - 1].some((k) => completed(k) && ratio(k) < DONE);
  const overTwice = completed(last - 1) && ratio(last) > OVER && ratio(last - 1) > OVER;
  const overOnce = completed(last) && ratio(last) > OVER && actual[last]! - weeks[last]!.targetKm >= 5;
  if (first >= weeks.length || (!under && !overTwice && !overOnce)) {
    return finish(plan, weeks, changes, runs, today, null);
  }

  const race = raceProfile(request.raceDistanceM);
  const oldM = weeks.map((w) => Math.round(w.targetKm * 1000));
  const volumes = effectiveVolumes(weeks, actual, current);
  const peakCap = peakTargetKm(race.peakKm, request.daysPerWeek, 0);
  const raise = overTwice ? Math.min(MAX_RAISE, ratio(last), ratio(last - 1)) : 1;
  const oldPeak = Math.max(...oldM.slice(first).filter((_, i) => weeks[first + i]!.phase !== 'taper'), 0);
  let newPeak = 0;
  let lastLoad = 0;
  const newM = [...oldM];
  for (let k = first; k < weeks.length; k++) {
    const w = weeks[k]!;
    const ref = Math.max(volumes[k - 1] ?? 0, volumes[k - 2] ?? 0, STARTER_KM);
    let km = oldM[k]! / 1000;
    if (w.phase === 'taper')
      km = oldPeak > 0 && newPeak > 0 ? Math.min(km * (newPeak / (oldPeak / 1000)), km * raise) : km;
    else if (raise > 1) km = Math.min(Math.max(km, peakCap), km * raise);
    if (w.cutback && lastLoad > 0) km = Math.min(km, CUTBACK * lastLoad);
    km = Math.min(km, WEEKLY_GROWTH * ref);
    // The taper only goes down.
    if (w.phase === 'taper' && k > first && weeks[k - 1]!.phase === 'taper') km = Math.min(km, volumes[k - 1]!);
    newM[k] = floorToHundredMetres(km);
    volumes[k] = newM[k]! / 1000;
    if (w.phase !== 'taper' && !w.cutback) {
      lastLoad = volumes[k]!;
      newPeak = Math.max(newPeak, lastLoad);
    }
  }

  const recentLongest = runs
    .filter((r) => {
      const d = localDate(r.start_time, tz);
      return d >= addDays(weeks[first]!.startDate, -28) && d < weeks[first]!.startDate;
    })
    .reduce((a, r) => Math.max(a, r.distance_m / 1000), 0);
  const frames = framesOf(weeks).slice(first);
  const eased = new Set(overOnce && !overTwice ? [weeks[first]!.index] : []);
  const rebuilt = buildWeeks(request, frames, newM.slice(first), {
    race,
    paces: plan.paces,
    longestRecentKm: Math.max(recentLongest, STARTER_KM * 0.45),
    easedWeeks: eased,
    notBefore: today,
  });
  const changed = rebuilt.filter((w, i) => Math.round(w.targetKm * 1000) !== oldM[first + i]);
  if (!changed.length && !eased.size) return finish(plan, weeks, changes, runs, today, null);
  weeks.splice(first, rebuilt.length, ...rebuilt);

  const list = changed
    .slice(0, 4)
    .map((w) => `week ${w.index} ${fmt(oldM[w.index - 1]! / 1000)} → ${fmt(w.targetKm)} km`)
    .join(', ');
  const more = changed.length > 4 ? ` and ${changed.length - 4} more` : '';
  if (under && changed.length) {
    const k = [last, last - 1].find((i) => completed(i) && ratio(i) < DONE)!;
    changes.push(
      `Lowered the coming weeks (${list}${more}) because you ran ${fmt(actual[k]!)} of the ${fmt(weeks[k]!.targetKm)} km planned in week ${k + 1}; ` +
        `the plan builds back up by at most 10% a week.`,
    );
  } else if (overTwice && changed.length) {
    changes.push(
      `Raised the coming weeks (${list}${more}) because you ran at least ${Math.round((Math.min(ratio(last), ratio(last - 1)) - 1) * 100)}% more than planned two weeks running; ` +
        `growth still stays within 10% a week.`,
    );
  }
  if (eased.size) {
    changes.push(
      `Eased week ${weeks[first]!.index}: you ran ${fmt(actual[last]!)} km against ${fmt(weeks[last]!.targetKm)} planned, ` +
        `so one hard session becomes easy running to absorb the extra load.`,
    );
  }
  return finish(plan, weeks, changes, runs, today, first + 1);
}

/**
 * Each week's volume as it counts for the 10% rule: a completed week run to 90% of its target or more counts
 * as its target (or what was run, if more), a lesser one as what was run; weeks to come as planned.
 */
export function effectiveVolumes(weeks: readonly PlanWeek[], actualKm: readonly number[], current: number): number[] {
  return weeks.map((w, k) =>
    k < current ? (actualKm[k]! >= DONE * w.targetKm ? Math.max(actualKm[k]!, w.targetKm) : actualKm[k]!) : w.targetKm,
  );
}

function finish(
  plan: Plan,
  weeks: PlanWeek[],
  changes: string[],
  runs: readonly DoneRun[],
  today: string,
  replannedFrom: number | null,
): Rebalanced {
  const next: Plan = { ...plan, weeks, peakKm: Math.max(...weeks.map((w) => w.targetKm)) };
  return { plan: next, changes, matches: matchRuns(next, runs, plan.request.timeZone, today).sessions, replannedFrom };
}

/** First day from `today` to the end of the week (and before the race's last days) a hard session can go. */
function freeDay(
  all: PlannedSession[],
  s: PlannedSession,
  today: string,
  weekEnd: string,
  latest: string,
): string | null {
  const byDate = new Map(all.filter((x) => x !== s).map((x) => [x.date, x] as const));
  const hard = (d: string) => HARD.has(byDate.get(d)?.type ?? '');
  for (let d = today > s.date ? today : addDays(s.date, 1); d <= weekEnd && d <= latest; d = addDays(d, 1)) {
    const there = byDate.get(d);
    if (there && there.type !== 'easy' && there.type !== 'recovery') continue;
    if (hard(addDays(d, -1)) || hard(addDays(d, 1))) continue;
    return d;
  }
  return null;
}

function name(s: PlannedSession): string {
  return s.type === 'long' ? 'long run' : s.type === 'easy' || s.type === 'recovery' ? `${s.type} run` : s.type;
}

function capital(t: string): string {
  return t.charAt(0).toUpperCase() + t.slice(1);
}

function sumKm(sessions: PlannedSession[]): number {
  return sessions.filter((s) => s.type !== 'race').reduce((a, s) => a + s.distanceM, 0) / 1000;
}

function fmt(km: number): string {
  return Number.isInteger(km) ? String(km) : km.toFixed(1);
}
