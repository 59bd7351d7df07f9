import { daysBetween, localDate, weekdayName } from '@runnerly/fitness';
import type { Plan, PlannedSession } from './plan-types.ts';
import { paceText } from './workouts.ts';

/** A run as the data service lists it. */
export interface DoneRun {
  id: string;
  start_time: string;
  distance_m: number;
  moving_time_s: number;
}

export type SessionStatus = 'done' | 'partly' | 'missed' | 'planned';

export interface SessionMatch {
  sessionId: string;
  status: SessionStatus;
  runId: string | null;
  /** One sentence for the runner. */
  reason: string;
}

export interface Matching {
  sessions: SessionMatch[];
  /** Runs that matched no session. */
  extraRunIds: string[];
}

const QUALITY = new Set(['tempo', 'intervals', 'repetitions']);
/** A run this much slower on average than a quality session's expected average pace was not that session. */
const SLOWER_THAN_PLANNED = 1.06;

interface Pair {
  session: PlannedSession;
  run: DoneRun;
  runDate: string;
  ratio: number;
  dayOff: number;
  intensityOk: boolean;
  score: number;
}

/**
 * Matches done runs to planned sessions: a run counts for a session on the same day or a day either side
 * (in the runner's zone), the closest in distance and day first, each run for one session. Done is at least
 * 85% of the distance at the intended intensity (within 3% of the distance for the race); less, or a quality
 * session run at an easy pace, is partly done; a session without a run once the day after it has passed is
 * missed; later ones are still planned.
 */
export function matchRuns(plan: Plan, runs: readonly DoneRun[], timeZone: string, today: string): Matching {
  const sessions = plan.weeks.flatMap((w) => w.sessions);
  const dated = runs
    .filter((r) => r.distance_m > 0 && r.moving_time_s > 0)
    .map((run) => ({ run, date: localDate(run.start_time, timeZone) }))
    .filter((r) => r.date <= today);
  const pairs: Pair[] = [];
  for (const session of sessions) {
    for (const { run, date } of dated) {
      const dayOff = Math.abs(daysBetween(session.date, date));
      if (dayOff > 1) continue;
      const ratio = run.distance_m / session.distanceM;
      if (ratio < 0.25 || ratio > 2.5) continue;
      const runPace = run.moving_time_s / (run.distance_m / 1000);
      const expectedPace = session.durationS / (session.distanceM / 1000);
      const intensityOk = !QUALITY.has(session.type) || runPace <= expectedPace * SLOWER_THAN_PLANNED;
      // A run clearly faster than an easy session's pace is more likely the day's hard session.
      const tooFastForEasy = !QUALITY.has(session.type) && runPace < session.pace.fast * 0.97;
      const score = Math.abs(Math.log(ratio)) + 0.6 * dayOff + (intensityOk ? 0 : 0.3) + (tooFastForEasy ? 0.2 : 0);
      pairs.push({ session, run, runDate: date, ratio, dayOff, intensityOk, score });
    }
  }
  pairs.sort(
    (a, b) =>
      a.score - b.score ||
      (a.session.date < b.session.date ? -1 : a.session.date > b.session.date ? 1 : 0) ||
      (a.run.start_time < b.run.start_time ? -1 : a.run.start_time > b.run.start_time ? 1 : 0) ||
      (a.run.id < b.run.id ? -1 : 1),
  );
  const bySession = new Map<string, Pair>();
  const usedRuns = new Set<string>();
  for (const p of pairs) {
    if (bySession.has(p.session.id) || usedRuns.has(p.run.id)) continue;
    bySession.set(p.session.id, p);
    usedRuns.add(p.run.id);
  }
  return {
    sessions: sessions.map((s) => describe(s, bySession.get(s.id) ?? null, today)),
    extraRunIds: dated.filter((r) => !usedRuns.has(r.run.id)).map((r) => r.run.id),
  };
}

function describe(s: PlannedSession, p: Pair | null, today: string): SessionMatch {
  const planned = km(s.distanceM);
  if (!p) {
    const missed = daysBetween(s.date, today) > 1;
    return {
      sessionId: s.id,
      status: missed ? 'missed' : 'planned',
      runId: null,
      reason: missed
        ? `No run on ${weekdayName(s.date)} ${s.date} or the day either side for this ${planned} ${label(s)}.`
        : `Planned for ${weekdayName(s.date)} ${s.date}: ${planned}.`,
    };
  }
  const ran = km(p.run.distance_m);
  const pace = paceText(p.run.moving_time_s / (p.run.distance_m / 1000));
  const full = s.type === 'race' ? p.ratio >= 0.97 && p.ratio <= 1.03 : p.ratio >= 0.85;
  if (!p.intensityOk) {
    const expected = paceText(s.durationS / (s.distanceM / 1000));
    return {
      sessionId: s.id,
      status: 'partly',
      runId: p.run.id,
      reason: `Ran ${ran} at ${pace}, easier than the ${label(s)}'s ${expected} on average: the distance counts, the workout does not.`,
    };
  }
  return {
    sessionId: s.id,
    status: full ? 'done' : 'partly',
    runId: p.run.id,
    reason: full
      ? `Ran ${ran} at ${pace} on ${weekdayName(p.runDate)} for the planned ${planned} ${label(s)}.`
      : `Ran ${ran} of the planned ${planned} ${label(s)}.`,
  };
}

function label(s: PlannedSession): string {
  const names: Record<string, string> = {
    long: 'long run',
    race: 'race',
    easy: 'easy run',
    recovery: 'recovery run',
    tempo: 'tempo',
    intervals: 'interval session',
    repetitions: 'repetition session',
  };
  return names[s.type]!;
}

function km(m: number): string {
  return `${(m / 1000).toFixed(1)} km`;
}

/** Kilometres run in each plan week (runs by their day in the runner's zone), whatever they matched. */
export function weeklyRunKm(plan: Plan, runs: readonly DoneRun[], timeZone: string): number[] {
  return plan.weeks.map((w) =>
    runs
      .filter((r) => {
        const d = localDate(r.start_time, timeZone);
        return d >= w.startDate && d <= w.endDate;
      })
      .reduce((a, r) => a + r.distance_m / 1000, 0),
  );
}
