import { addDays } from '@runnerly/fitness';
import { baselineKm } from './plan-layout.ts';
import type { Plan, PlannedSession } from './plan-types.ts';
import { longRunShare, STARTER_KM, WEEKLY_GROWTH } from './race-profile.ts';

const HARD = new Set(['tempo', 'intervals', 'repetitions', 'long', 'race']);
const EPS = 1e-9;

/**
 * The safety rules every plan keeps, generated or re-balanced, as a list of broken ones (empty when all
 * hold). For a re-balanced plan, `volumes` gives each week's volume as it counts for growth (what was
 * actually run in completed weeks) and `growthFrom` the first week (0-based) whose growth is checked.
 */
export function planViolations(plan: Plan, opts: { volumes?: number[]; growthFrom?: number } = {}): string[] {
  const out: string[] = [];
  const { request, weeks, paces } = plan;
  const sessions = weeks.flatMap((w) => w.sessions);

  for (const s of sessions) {
    if (s.date < request.startDate || s.date > request.raceDate) out.push(`${s.id}: ${s.date} is outside the plan`);
    if (!/^[A-Z].*[.!]$/.test(s.why) || /[.!?]\s+[A-Z]/.test(s.why))
      out.push(`${s.id}: "${s.why}" is not one sentence`);
    if (!(s.distanceM > 0) || !(s.durationS > 0)) out.push(`${s.id}: empty session`);
  }
  const dates = sessions.map((s) => s.date);
  if (new Set(dates).size !== dates.length) out.push('two sessions on one day');
  const races = sessions.filter((s) => s.type === 'race');
  if (races.length !== 1 || races[0]!.date !== request.raceDate || sessions.at(-1)?.type !== 'race') {
    out.push('the race is not the last session, on the race date');
  }

  const byDate = new Map(sessions.map((s) => [s.date, s] as const));
  for (const s of sessions) {
    const next = byDate.get(addDays(s.date, 1));
    if (next && HARD.has(s.type) && HARD.has(next.type)) out.push(`${s.id} and ${next.id}: hard days back to back`);
  }

  const last = weeks.at(-1);
  if (last && last.phase !== 'taper') out.push('the race week is not a taper week');
  let seenTaper = false;
  weeks.forEach((w, i) => {
    if (w.phase === 'taper') seenTaper = true;
    else if (seenTaper) out.push(`week ${w.index}: ${w.phase} after the taper began`);
    if (w.phase === 'taper' && i > 0 && w.targetKm > weeks[i - 1]!.targetKm + EPS)
      out.push(`week ${w.index}: taper volume rises`);
  });

  const volumes = opts.volumes ?? weeks.map((w) => w.targetKm);
  for (let k = Math.max(1, opts.growthFrom ?? 1); k < weeks.length; k++) {
    const ref = Math.max(volumes[k - 1]!, volumes[k - 2] ?? 0, STARTER_KM);
    if (volumes[k]! > WEEKLY_GROWTH * ref + EPS) {
      out.push(`week ${weeks[k]!.index}: ${volumes[k]} km after ${ref} km grows more than 10%`);
    }
  }
  if (weeks[0]) {
    const recent = Math.max(baselineKm(request.fitness.weeklyKm), STARTER_KM);
    if (Math.max(weeks[0].trainingKm, weeks[0].targetKm) > recent + EPS) {
      out.push(`week 1: ${weeks[0].targetKm} km is more than the ${recent} km run lately`);
    }
  }
  for (const w of weeks) {
    if (w.trainingKm > w.targetKm + EPS) out.push(`week ${w.index}: sessions add up to more than the target`);
    const training = w.sessions.filter((s) => s.type !== 'race');
    for (const s of training.filter((x) => x.type === 'long')) {
      const share = longRunShare(Math.min(request.daysPerWeek, Math.max(3, training.length)));
      if (s.distanceM / 1000 > Math.max(longRunShare(request.daysPerWeek), share) * w.targetKm + EPS) {
        out.push(`${s.id}: the long run is more than a safe share of the week`);
      }
    }
  }

  const order = [paces.easy, paces.marathon, paces.threshold, paces.interval, paces.repetition];
  for (let i = 1; i < order.length; i++) {
    if (!(order[i - 1]!.fast > order[i]!.slow)) out.push('training paces overlap');
  }
  for (const s of sessions) if (!paceFits(s, plan)) out.push(`${s.id}: pace does not match a ${s.type} session`);
  return out;
}

function paceFits(s: PlannedSession, plan: Plan): boolean {
  const p = plan.paces;
  const same = (a: { fast: number; slow: number }) => s.pace.fast === a.fast && s.pace.slow === a.slow;
  switch (s.type) {
    case 'easy':
    case 'long':
      return same(p.easy);
    case 'recovery':
      return s.pace.fast >= p.easy.slow;
    case 'tempo':
      return same(p.threshold);
    case 'intervals':
      return same(p.interval);
    case 'repetitions':
      return same(p.repetition);
    case 'race':
      return s.pace.fast < s.pace.slow;
  }
}
