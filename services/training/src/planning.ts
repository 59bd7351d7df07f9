import { randomUUID } from 'node:crypto';
import { addDays, isValidTimeZone, localDate, weekStart, type RunnerProfile } from '@runnerly/fitness';
import {
  topics,
  type Plan as PlanView,
  type PlanCreate,
  type PlanChange,
  type PlanCreatedEvent,
  type PlanHome,
  type PlanPrediction,
  type RaceEntry,
  type SessionEvent,
} from '@runnerly/contracts';
import { currentFitness, predictionAsOf, type CurrentFitness, type StoredRun } from './domain/current-fitness.ts';
import { generatePlan } from './domain/generate-plan.ts';
import { matchRuns, type SessionMatch } from './domain/match-runs.ts';
import type { Plan } from './domain/plan-types.ts';
import { homeWeek, weeksView } from './domain/plan-view.ts';
import { rebalancePlan } from './domain/rebalance-plan.ts';
import { validatePlanRequest } from './domain/validate-plan-request.ts';
import type { TrainingDeps } from './deps.ts';
import { trainingErrors } from './errors.ts';
import {
  activePlans,
  findPlan,
  insertPlan,
  latestChange,
  planChanges,
  planPredictions,
  updatePlan,
  userRuns,
  type PlanUpdate,
} from './store.ts';
import type { PlanRow } from './tables.ts';
import { raceEntry, syncRuns } from './upstream.ts';

/** Runs this far before a plan's first week count for its fitness and predictions. */
const HISTORY_DAYS = 7 * 12;

interface StoredFitness extends CurrentFitness {
  age: number | null;
}

const profileOf = (f: StoredFitness): RunnerProfile => ({ age: f.age, sex: null, max_hr: null, rest_hr: null });

function todayIn(deps: TrainingDeps, timeZone: string): string {
  return localDate(deps.now(), isValidTimeZone(timeZone) ? timeZone : 'UTC');
}

/** The instant a calendar date's runs could start from, whatever the zone (a day early is harmless). */
function sinceDate(date: string): string {
  return `${addDays(date, -1)}T00:00:00.000Z`;
}

async function freshFitness(deps: TrainingDeps, userId: string, timeZone: string, today: string, age: number | null) {
  await syncRuns(deps, userId, sinceDate(addDays(today, -HISTORY_DAYS)));
  const runs = await userRuns(deps.db, userId, sinceDate(addDays(today, -HISTORY_DAYS)));
  const fitness: StoredFitness = { ...currentFitness(runs, timeZone, today, profileOf({ age } as StoredFitness)), age };
  return { runs, fitness };
}

function buildRequest(entry: RaceEntry, body: PlanCreate, today: string, fitness: CurrentFitness) {
  return {
    startDate: body.start_date ?? today,
    raceDate: entry.race.start_local.slice(0, 10),
    raceDistanceM: entry.race.distance_m,
    goal: entry.goal.kind === 'time' ? { kind: 'time', seconds: entry.goal.target_s } : { kind: 'finish' },
    fitness: {
      weeklyKm: fitness.weeklyKm,
      longestRunKm: fitness.longestRunKm,
      vdot: fitness.vdot,
      vdotEstimated: fitness.vdotEstimated,
    },
    daysPerWeek: body.days_per_week,
    longRunDay: body.long_run_day,
    timeZone: body.time_zone,
    weekStartsOn: body.week_starts_on ?? 1,
    age: body.age ?? null,
  };
}

function predictionRow(plan: Plan, runs: readonly StoredRun[], today: string, fitness: CurrentFitness): PlanPrediction {
  const tz = plan.request.timeZone;
  const p = predictionAsOf(runs, tz, today, plan.request.raceDistanceM);
  return {
    week_start: weekStart(today, plan.request.weekStartsOn ?? 1),
    seconds: p?.seconds ?? Math.round(plan.predictedSeconds),
    vdot: p?.vdot ?? fitness.vdot,
    estimated: !p && fitness.vdotEstimated,
  };
}

/** A runner picks one of their races: a plan from their current fitness, stored, announced. */
export async function createPlan(deps: TrainingDeps, userId: string, body: PlanCreate): Promise<PlanRow> {
  const today = todayIn(deps, body.time_zone);
  const entry = await raceEntry(deps, userId, body.race_id);
  if (!entry) throw trainingErrors.raceNotEntered();
  if (entry.race.status === 'cancelled') throw trainingErrors.raceCancelled();
  // Everything but the fitness is checked before the runs are read.
  const placeholder = { weeklyKm: [0], longestRunKm: 0, vdot: 40, vdotEstimated: true, vdotSource: '' };
  const early = validatePlanRequest(buildRequest(entry, body, today, placeholder), today);
  if (!early.ok) throw trainingErrors.invalidPlanRequest(early.issues);
  const existing = (await activePlans(deps.db, userId)).find((p) => p.race_id === body.race_id);
  if (existing) throw trainingErrors.planExists(existing.id);
  const { runs, fitness } = await freshFitness(deps, userId, body.time_zone, today, body.age ?? null);
  const checked = validatePlanRequest(buildRequest(entry, body, today, fitness), today);
  if (!checked.ok) throw trainingErrors.invalidPlanRequest(checked.issues);
  const plan = generatePlan(checked.request);
  const now = deps.now().toISOString();
  const row: PlanRow = {
    id: randomUUID(),
    user_id: userId,
    race_id: entry.race.id,
    race_name: entry.race.name,
    race_date: checked.request.raceDate,
    race_distance_m: entry.race.distance_m,
    goal_s: entry.goal.kind === 'time' ? entry.goal.target_s : null,
    status: 'active',
    time_zone: body.time_zone,
    fitness: JSON.stringify(fitness),
    current: JSON.stringify(plan),
    generation: 1,
    checked_on: '',
    dirty: 1,
    feed_secret: null,
    feed_hash: null,
    created_at: now,
    updated_at: now,
  };
  const event: PlanCreatedEvent = {
    plan_id: row.id,
    user_id: userId,
    race_id: row.race_id,
    race_date: row.race_date,
    weeks: plan.weeks.length,
    predicted_s: Math.round(plan.predictedSeconds),
  };
  await insertPlan(deps.db, row, predictionRow(plan, runs, today, fitness), {
    topic: topics.planCreated,
    payload: event,
  });
  deps.relay.nudge();
  return (await checkPlan(deps, row)).row;
}

/** Builds the plan again from today's fitness, toward the same race, keeping its history. */
export async function regeneratePlan(deps: TrainingDeps, row: PlanRow): Promise<PlanRow> {
  if (row.status !== 'active') throw trainingErrors.planAbandoned();
  const today = todayIn(deps, row.time_zone);
  const old = JSON.parse(row.current) as Plan;
  const stored = JSON.parse(row.fitness) as StoredFitness;
  const { runs, fitness } = await freshFitness(deps, row.user_id, row.time_zone, today, stored.age);
  const request = { ...old.request, startDate: today, fitness: { ...fitness } };
  delete (request.fitness as Partial<StoredFitness>).vdotSource;
  delete (request.fitness as Partial<StoredFitness>).age;
  const checked = validatePlanRequest(request, today);
  if (!checked.ok) throw trainingErrors.invalidPlanRequest(checked.issues);
  const plan = generatePlan(checked.request);
  await updatePlan(deps.db, row, {
    changes: {
      current: JSON.stringify(plan),
      fitness: JSON.stringify(fitness),
      generation: row.generation + 1,
      dirty: 1,
      updated_at: deps.now().toISOString(),
    },
    messages: [
      {
        on: today,
        message:
          `Regenerated from your current fitness: ${fitness.weeklyKm.slice(-4).join(', ')} km in the last four weeks, ` +
          `VDOT ${fitness.vdot.toFixed(1)}${fitness.vdotEstimated ? ' (estimated)' : ''}; ${plan.weeks.length} weeks to race day.`,
      },
    ],
    predictions: [predictionRow(plan, runs, today, fitness)],
  });
  return (await checkPlan(deps, (await findPlan(deps.db, row.id))!)).row;
}

export async function abandonPlan(deps: TrainingDeps, row: PlanRow): Promise<PlanRow> {
  if (row.status === 'abandoned') return row;
  const today = todayIn(deps, row.time_zone);
  await updatePlan(deps.db, row, {
    changes: { status: 'abandoned', updated_at: deps.now().toISOString() },
    messages: [{ on: today, message: 'Plan abandoned: its sessions no longer show on Home or in the calendar feed.' }],
  });
  return (await findPlan(deps.db, row.id))!;
}

interface Checked {
  row: PlanRow;
  plan: Plan;
  matches: SessionMatch[];
  runs: StoredRun[];
  today: string;
}

/**
 * Matches the runs done so far to the plan and re-balances the weeks ahead, once a day or when runs came in
 * since: the re-balanced plan and its explanation are stored, sessions done or missed announced once each,
 * and this week's prediction updated.
 */
export async function checkPlan(deps: TrainingDeps, row: PlanRow): Promise<Checked> {
  // One check of a plan at a time (an import's event and a page read may ask at once). One that writes
  // starts from the plan as stored: the caller's row may have been read before another check stored its
  // result (the run.imported handler reads the plans, then copies the runs, then checks). A read with
  // nothing to check (most page reads) keeps the caller's row.
  const previous = checking.get(row.id);
  const mine = (previous ?? Promise.resolve())
    .catch(() => {})
    .then(async () => {
      const stale = previous || checkDue(row, todayIn(deps, row.time_zone));
      return checkOnce(deps, stale ? ((await findPlan(deps.db, row.id)) ?? row) : row);
    });
  checking.set(row.id, mine);
  try {
    return await mine;
  } finally {
    if (checking.get(row.id) === mine) checking.delete(row.id);
  }
}

const checking = new Map<string, Promise<Checked>>();

/** An active plan is re-balanced once a day, and again when runs came in since. */
function checkDue(row: PlanRow, today: string): boolean {
  return row.status === 'active' && (row.checked_on !== today || !!row.dirty);
}

async function checkOnce(deps: TrainingDeps, row: PlanRow): Promise<Checked> {
  const today = todayIn(deps, row.time_zone);
  let plan = JSON.parse(row.current) as Plan;
  const runs = await userRuns(deps.db, row.user_id, sinceDate(addDays(plan.weeks[0]!.startDate, -HISTORY_DAYS)));
  const tz = plan.request.timeZone;
  if (!checkDue(row, today)) {
    return { row, plan, matches: matchRuns(plan, runs, tz, today).sessions, runs, today };
  }
  const fitness = JSON.parse(row.fitness) as StoredFitness;
  // Days nobody looked at still count: the plan is re-balanced as of each week start since the last check.
  const messages: PlanChange[] = [];
  const missedStarts = row.checked_on
    ? plan.weeks.map((w) => w.startDate).filter((d) => d > row.checked_on && d < today)
    : [];
  const predictions: PlanPrediction[] = [];
  for (const day of missedStarts) {
    const b = rebalancePlan(plan, runs, day);
    plan = b.plan;
    messages.push(...b.changes.map((message) => ({ on: day, message })));
    if (day <= row.race_date) predictions.push(predictionRow(plan, runs, day, fitness));
  }
  const balanced = rebalancePlan(plan, runs, today);
  plan = balanced.plan;
  messages.push(...balanced.changes.map((message) => ({ on: today, message })));
  const sessions = new Map(plan.weeks.flatMap((w) => w.sessions).map((s) => [s.id, s]));
  const sessionEvents: NonNullable<PlanUpdate['sessionEvents']> = [];
  for (const m of balanced.matches) {
    if (m.status !== 'done' && m.status !== 'missed') continue;
    const s = sessions.get(m.sessionId)!;
    const payload: SessionEvent = {
      plan_id: row.id,
      user_id: row.user_id,
      session_id: s.id,
      date: s.date,
      type: s.type,
      distance_m: s.distanceM,
      run_id: m.runId,
      status: m.status,
    };
    sessionEvents.push({
      sessionId: s.id,
      status: m.status,
      event: { topic: m.status === 'done' ? topics.sessionCompleted : topics.sessionMissed, payload },
    });
  }
  const update: PlanUpdate = {
    changes: { current: JSON.stringify(plan), checked_on: today, dirty: 0 },
    messages,
    sessionEvents,
  };
  if (today <= row.race_date) predictions.push(predictionRow(plan, runs, today, fitness));
  update.predictions = predictions;
  if (messages.length) update.changes.updated_at = deps.now().toISOString();
  const announced = await updatePlan(deps.db, row, update);
  if (announced) deps.relay.nudge();
  const next = { ...row, ...update.changes } as PlanRow;
  return { row: next, plan, matches: balanced.matches, runs, today };
}

/** The whole plan as the Plan page shows it. */
export async function planView(deps: TrainingDeps, row: PlanRow): Promise<PlanView> {
  const { row: r, plan, matches, runs, today } = await checkPlan(deps, row);
  const fitness = JSON.parse(r.fitness) as StoredFitness;
  const [changes, predictions] = await Promise.all([planChanges(deps.db, r.id), planPredictions(deps.db, r.id)]);
  return {
    id: r.id,
    user_id: r.user_id,
    race_id: r.race_id,
    race_name: r.race_name,
    race_date: r.race_date,
    race_distance_m: r.race_distance_m,
    goal_s: r.goal_s,
    status: r.status,
    time_zone: r.time_zone,
    today,
    fitness: {
      weekly_km: fitness.weeklyKm,
      longest_run_km: fitness.longestRunKm,
      vdot: fitness.vdot,
      vdot_estimated: fitness.vdotEstimated,
      vdot_source: fitness.vdotSource,
    },
    paces: {
      easy: plan.paces.easy,
      marathon: plan.paces.marathon,
      threshold: plan.paces.threshold,
      interval: plan.paces.interval,
      repetition: plan.paces.repetition,
    },
    predicted_s: predictions.at(-1)?.seconds ?? Math.round(plan.predictedSeconds),
    warnings: plan.warnings,
    weeks: weeksView(plan, matches, runs),
    changes,
    predictions,
    feed_url: r.feed_secret ? feedPath(deps.box.open(r.feed_secret)) : null,
    created_at: r.created_at,
    updated_at: r.updated_at,
  };
}

/** Home: the active plan with the soonest race, this week and the next session. */
export async function planHome(deps: TrainingDeps, userId: string): Promise<PlanHome> {
  const row = (await activePlans(deps.db, userId))[0];
  if (!row) return { plan: null };
  const { plan, matches, runs, today } = await checkPlan(deps, row);
  const weeks = weeksView(plan, matches, runs);
  const { week, next } = homeWeek(weeks, today);
  const [predictions, change] = await Promise.all([planPredictions(deps.db, row.id), latestChange(deps.db, row.id)]);
  return {
    plan: {
      id: row.id,
      race_name: row.race_name,
      race_date: row.race_date,
      race_distance_m: row.race_distance_m,
      goal_s: row.goal_s,
      predicted_s: predictions.at(-1)?.seconds ?? Math.round(plan.predictedSeconds),
      week,
      next_session: next,
      latest_change: change,
    },
  };
}

/** Where the gateway serves a plan's iCal feed. */
export function feedPath(secret: string): string {
  return `/api/training/feeds/${secret}.ics`;
}
