import type { Kysely, Transaction } from 'kysely';
import { writeEvent } from '@runnerly/bus';
import type { PlanChange, PlanPrediction } from '@runnerly/contracts';
import type { StoredRun } from './domain/current-fitness.ts';
import type { PlanRow, RunCopyRow, TrainingTables } from './tables.ts';

type Db = Kysely<TrainingTables> | Transaction<TrainingTables>;

export interface OutgoingEvent {
  topic: string;
  payload: unknown;
}

export async function findPlan(db: Db, id: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function findPlanByFeed(db: Db, hash: string): Promise<PlanRow | undefined> {
  return db.selectFrom('plans').selectAll().where('feed_hash', '=', hash).executeTakeFirst();
}

export async function userPlans(db: Db, userId: string): Promise<PlanRow[]> {
  return db.selectFrom('plans').selectAll().where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export async function activePlans(db: Db, userId: string): Promise<PlanRow[]> {
  return db
    .selectFrom('plans')
    .selectAll()
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .orderBy('race_date')
    .execute();
}

/** Stores a new plan with its first prediction and its event, in one transaction. */
export async function insertPlan(
  db: Kysely<TrainingTables>,
  row: PlanRow,
  prediction: PlanPrediction,
  event: OutgoingEvent,
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.insertInto('plans').values(row).execute();
    await savePrediction(trx, row.id, prediction);
    await writeEvent(trx, event.topic, event.payload);
  });
}

export interface PlanUpdate {
  changes: Partial<
    Pick<PlanRow, 'current' | 'checked_on' | 'dirty' | 'status' | 'fitness' | 'generation' | 'updated_at'>
  >;
  messages?: PlanChange[];
  /** This week's prediction (and those of weeks caught up on), replacing what those weeks had. */
  predictions?: PlanPrediction[];
  /** Session events: written once each (the table's key), with their outbox rows. */
  sessionEvents?: Array<{ sessionId: string; status: string; event: OutgoingEvent }>;
  events?: OutgoingEvent[];
}

/** Applies a check, a re-balance or a regeneration: the plan, its messages, prediction and events together. */
export async function updatePlan(db: Kysely<TrainingTables>, plan: PlanRow, update: PlanUpdate): Promise<number> {
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    await trx.updateTable('plans').set(update.changes).where('id', '=', plan.id).execute();
    for (const m of update.messages ?? []) {
      await trx
        .insertInto('plan_changes')
        .values({ plan_id: plan.id, on_date: m.on, message: m.message, created_at: now } as never)
        .execute();
    }
    for (const p of update.predictions ?? []) await savePrediction(trx, plan.id, p);
    let announced = 0;
    const generation = update.changes.generation ?? plan.generation;
    for (const s of update.sessionEvents ?? []) {
      const seen = await trx
        .selectFrom('plan_session_events')
        .select('session_id')
        .where('plan_id', '=', plan.id)
        .where('generation', '=', generation)
        .where('session_id', '=', s.sessionId)
        .where('status', '=', s.status)
        .executeTakeFirst();
      if (seen) continue;
      await trx
        .insertInto('plan_session_events')
        .values({ plan_id: plan.id, generation, session_id: s.sessionId, status: s.status, created_at: now })
        .execute();
      await writeEvent(trx, s.event.topic, s.event.payload);
      announced++;
    }
    for (const e of update.events ?? []) await writeEvent(trx, e.topic, e.payload);
    return announced;
  });
}

async function savePrediction(db: Db, planId: string, p: PlanPrediction): Promise<void> {
  await db
    .insertInto('plan_predictions')
    .values({
      plan_id: planId,
      week_start: p.week_start,
      seconds: p.seconds,
      vdot: p.vdot,
      estimated: p.estimated ? 1 : 0,
    })
    .onConflict((oc) =>
      oc
        .columns(['plan_id', 'week_start'])
        .doUpdateSet({ seconds: p.seconds, vdot: p.vdot, estimated: p.estimated ? 1 : 0 }),
    )
    .execute();
}

export async function planChanges(db: Db, planId: string): Promise<PlanChange[]> {
  const rows = await db
    .selectFrom('plan_changes')
    .select(['on_date', 'message'])
    .where('plan_id', '=', planId)
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows.map((r) => ({ on: r.on_date, message: r.message }));
}

export async function latestChange(db: Db, planId: string): Promise<PlanChange | null> {
  const r = await db
    .selectFrom('plan_changes')
    .select(['on_date', 'message'])
    .where('plan_id', '=', planId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return r ? { on: r.on_date, message: r.message } : null;
}

export async function planPredictions(db: Db, planId: string): Promise<PlanPrediction[]> {
  const rows = await db
    .selectFrom('plan_predictions')
    .selectAll()
    .where('plan_id', '=', planId)
    .orderBy('week_start')
    .execute();
  return rows.map((r) => ({
    week_start: r.week_start,
    seconds: r.seconds,
    vdot: r.vdot,
    estimated: r.estimated === 1,
  }));
}

export async function setFeed(db: Db, planId: string, sealed: string | null, hash: string | null): Promise<void> {
  await db
    .updateTable('plans')
    .set({ feed_secret: sealed, feed_hash: hash, updated_at: new Date().toISOString() })
    .where('id', '=', planId)
    .execute();
}

/** Runs of a user that started at or after `from` (an instant), oldest first. */
export async function userRuns(db: Db, userId: string, from: string): Promise<StoredRun[]> {
  const rows = await db
    .selectFrom('plan_runs')
    .selectAll()
    .where('user_id', '=', userId)
    .where('start_time', '>=', from)
    .orderBy('start_time')
    .execute();
  return rows.map((r) => ({
    id: r.run_id,
    start_time: r.start_time,
    distance_m: r.distance_m,
    moving_time_s: r.moving_time_s,
    elapsed_time_s: r.elapsed_time_s,
    average_heartrate: r.average_heartrate,
    best_efforts: r.best_efforts ? JSON.parse(r.best_efforts) : null,
  }));
}

export async function knownRunIds(db: Db, ids: string[]): Promise<Set<string>> {
  if (!ids.length) return new Set();
  const rows = await db.selectFrom('plan_runs').select('run_id').where('run_id', 'in', ids).execute();
  return new Set(rows.map((r) => r.run_id));
}

/** Keeps copies of runs (replacing what was known of them) and marks the user's active plans for a check. */
export async function saveRuns(db: Kysely<TrainingTables>, userId: string, runs: RunCopyRow[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const r of runs) {
      await trx
        .insertInto('plan_runs')
        .values(r)
        .onConflict((oc) => {
          const { run_id: _id, ...rest } = r;
          return oc.column('run_id').doUpdateSet(rest);
        })
        .execute();
    }
    if (runs.length) await markDirty(trx, userId);
  });
}

export async function deleteRunCopy(db: Kysely<TrainingTables>, userId: string, runId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const res = await trx
      .deleteFrom('plan_runs')
      .where('run_id', '=', runId)
      .where('user_id', '=', userId)
      .executeTakeFirst();
    if (Number(res.numDeletedRows) > 0) await markDirty(trx, userId);
  });
}

async function markDirty(db: Db, userId: string): Promise<void> {
  await db
    .updateTable('plans')
    .set({ dirty: 1 })
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .execute();
}

/** account.deleted: the user's plans and everything of theirs go. */
export async function deleteUser(db: Kysely<TrainingTables>, userId: string): Promise<void> {
  await db.transaction().execute(async (trx) => {
    const ids = (await trx.selectFrom('plans').select('id').where('user_id', '=', userId).execute()).map((p) => p.id);
    if (ids.length) {
      await trx.deleteFrom('plan_changes').where('plan_id', 'in', ids).execute();
      await trx.deleteFrom('plan_predictions').where('plan_id', 'in', ids).execute();
      await trx.deleteFrom('plan_session_events').where('plan_id', 'in', ids).execute();
      await trx.deleteFrom('plans').where('id', 'in', ids).execute();
    }
    await trx.deleteFrom('plan_runs').where('user_id', '=', userId).execute();
  });
}
