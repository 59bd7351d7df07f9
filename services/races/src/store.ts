import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder, type Kysely, type Transaction } from 'kysely';
import { writeEvent } from '@runnerly/bus';
import {
  topics,
  type Race,
  type RaceDistance,
  type RaceEntry,
  type RaceGoal,
  type RaceListQuery,
} from '@runnerly/contracts';
import type { RaceFields } from './domain/races.ts';
import type { EntryRow, RaceRow, RacesTables } from './tables.ts';

type Db = Kysely<RacesTables> | Transaction<RacesTables>;

const participantsOf = (eb: ExpressionBuilder<RacesTables, 'races'>) =>
  eb
    .selectFrom('race_entries')
    .select((e) => e.fn.countAll().as('n'))
    .whereRef('race_entries.race_id', '=', 'races.id')
    .as('participants');

type RaceWithCount = RaceRow & { participants: unknown };

function toRace(row: RaceWithCount): Race {
  return {
    id: row.id,
    name: row.name,
    start_local: row.start_local,
    timezone: row.timezone,
    start_time: row.start_time,
    distance: row.distance as RaceDistance,
    distance_m: Number(row.distance_m),
    place: row.place,
    url: row.url,
    elevation_note: row.elevation_note,
    status: row.status as Race['status'],
    created_by: row.created_by,
    participants: Number(row.participants ?? 0),
    created_at: row.created_at,
    updated_at: row.updated_at,
  };
}

export async function findRace(db: Db, id: string): Promise<Race | undefined> {
  const row = await db
    .selectFrom('races')
    .selectAll('races')
    .select(participantsOf)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toRace(row);
}

/** The race with this name, day and distance, if any (other than `exceptId`). */
export async function findSameRace(
  db: Db,
  fields: Pick<RaceFields, 'name_key' | 'start_date' | 'distance_m'>,
  exceptId?: string,
): Promise<string | undefined> {
  let q = db
    .selectFrom('races')
    .select('id')
    .where('name_key', '=', fields.name_key)
    .where('start_date', '=', fields.start_date)
    .where('distance_m', '=', fields.distance_m);
  if (exceptId) q = q.where('id', '!=', exceptId);
  return (await q.executeTakeFirst())?.id;
}

export type CreateOutcome = { kind: 'created'; race: Race } | { kind: 'exists'; id: string };

/**
 * A new race and its `race.created` event, in one transaction. The unique index on (name,
 * day, distance) settles two runners adding the same race at once: the second gets the first's id.
 */
export async function createRace(
  db: Kysely<RacesTables>,
  fields: RaceFields,
  createdBy: string,
  now: Date,
): Promise<CreateOutcome> {
  return db.transaction().execute(async (trx) => {
    const at = now.toISOString();
    const row: RaceRow = {
      id: randomUUID(),
      ...fields,
      status: 'scheduled',
      created_by: createdBy,
      created_at: at,
      updated_at: at,
    };
    const inserted = await trx
      .insertInto('races')
      .values(row)
      .onConflict((oc) => oc.columns(['name_key', 'start_date', 'distance_m']).doNothing())
      .returning('id')
      .executeTakeFirst();
    if (!inserted) return { kind: 'exists', id: (await findSameRace(trx, fields))! };
    const race = toRace({ ...row, participants: 0 });
    await writeEvent(trx, topics.raceCreated, { race });
    return { kind: 'created', race };
  });
}

export type UpdateOutcome = { kind: 'updated'; race: Race } | { kind: 'exists'; id: string } | { kind: 'missing' };

/** The creator's changes and a `race.updated` event, in one transaction. */
export async function updateRace(
  db: Kysely<RacesTables>,
  id: string,
  changes: Partial<RaceFields> & { status?: string },
  now: Date,
): Promise<UpdateOutcome> {
  try {
    return await db.transaction().execute(async (trx) => {
      const done = await trx
        .updateTable('races')
        .set({ ...changes, updated_at: now.toISOString() })
        .where('id', '=', id)
        .executeTakeFirst();
      if (!done.numUpdatedRows) return { kind: 'missing' } as const;
      const race = (await findRace(trx, id))!;
      await writeEvent(trx, topics.raceUpdated, { race });
      return { kind: 'updated', race } as const;
    });
  } catch (err) {
    if (!isUniqueViolation(err) || !changes.name_key || !changes.start_date || changes.distance_m === undefined)
      throw err;
    const other = await findSameRace(db, changes as RaceFields, id);
    if (!other) throw err;
    return { kind: 'exists', id: other };
  }
}

export type DeleteOutcome = { kind: 'deleted' } | { kind: 'has_participants'; count: number } | { kind: 'missing' };

/** Deletes a race nobody marked. A runner marking it meanwhile wins: the foreign key refuses the delete. */
export async function deleteRace(db: Kysely<RacesTables>, id: string): Promise<DeleteOutcome> {
  const count = async () =>
    Number(
      (
        await db
          .selectFrom('race_entries')
          .select((e) => e.fn.countAll().as('n'))
          .where('race_id', '=', id)
          .executeTakeFirst()
      )?.n ?? 0,
    );
  try {
    const done = await db
      .deleteFrom('races')
      .where('id', '=', id)
      .where((eb) => eb.not(eb.exists(eb.selectFrom('race_entries').select('race_id').where('race_id', '=', id))))
      .executeTakeFirst();
    if (done.numDeletedRows) return { kind: 'deleted' };
  } catch (err) {
    if (!isForeignKeyViolation(err)) throw err;
  }
  const n = await count();
  if (n) return { kind: 'has_participants', count: n };
  return (await findRace(db, id)) ? deleteRace(db, id) : { kind: 'missing' };
}

/** A page of races, soonest first. Without a date range: the races not started yet. */
export async function listRaces(db: Db, query: RaceListQuery, now: Date): Promise<{ races: Race[]; total: number }> {
  let q = db.selectFrom('races');
  if (query.from || query.to) {
    if (query.from) q = q.where('start_date', '>=', query.from);
    if (query.to) q = q.where('start_date', '<=', query.to);
  } else q = q.where('start_time', '>', now.toISOString());
  if (query.distance) q = q.where('distance', '=', query.distance);
  const words = (query.q ?? '').toLowerCase().trim().split(/\s+/).filter(Boolean).slice(0, 8);
  // Every word somewhere in the name; % and _ typed are themselves.
  for (const w of words) {
    const pattern = `%${w.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`name_key like ${pattern} escape '\\'`);
  }
  const total = Number((await q.select((e) => e.fn.countAll().as('n')).executeTakeFirst())?.n ?? 0);
  const rows = await q
    .selectAll('races')
    .select(participantsOf)
    .orderBy('start_time')
    .orderBy('id')
    .limit(query.limit)
    .offset(query.offset)
    .execute();
  return { races: rows.map(toRace), total };
}

function toEntry(race: Race, row: EntryRow): RaceEntry {
  const goal: RaceGoal =
    row.goal_kind === 'time' && row.goal_target_s !== null
      ? { kind: 'time', target_s: row.goal_target_s }
      : { kind: 'finish' };
  return {
    race,
    goal,
    result: row.result_time_s === null ? null : { elapsed_time_s: row.result_time_s, run_id: row.result_run_id },
  };
}

/** The races a runner marked, soonest first. */
export async function userEntries(db: Db, userId: string): Promise<RaceEntry[]> {
  const entries = await db.selectFrom('race_entries').selectAll().where('user_id', '=', userId).execute();
  if (!entries.length) return [];
  const races = await db
    .selectFrom('races')
    .selectAll('races')
    .select(participantsOf)
    .where(
      'id',
      'in',
      entries.map((e) => e.race_id),
    )
    .execute();
  const byId = new Map(races.map((r) => [r.id, toRace(r)]));
  return entries
    .map((e) => toEntry(byId.get(e.race_id)!, e))
    .sort((a, b) => a.race.start_time.localeCompare(b.race.start_time) || a.race.id.localeCompare(b.race.id));
}

export async function findEntry(db: Db, raceId: string, userId: string): Promise<RaceEntry | undefined> {
  const row = await db
    .selectFrom('race_entries')
    .selectAll()
    .where('race_id', '=', raceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  if (!row) return undefined;
  const race = await findRace(db, raceId);
  return race && toEntry(race, row);
}

/** Marks a race for a runner with a goal, or changes the goal (a result stays). */
export async function saveEntry(db: Db, raceId: string, userId: string, goal: RaceGoal, now: Date): Promise<void> {
  const at = now.toISOString();
  const target = goal.kind === 'time' ? goal.target_s : null;
  await db
    .insertInto('race_entries')
    .values({
      race_id: raceId,
      user_id: userId,
      goal_kind: goal.kind,
      goal_target_s: target,
      result_time_s: null,
      result_run_id: null,
      created_at: at,
      updated_at: at,
    })
    .onConflict((oc) =>
      oc.columns(['race_id', 'user_id']).doUpdateSet({ goal_kind: goal.kind, goal_target_s: target, updated_at: at }),
    )
    .execute();
}

export async function deleteEntry(db: Db, raceId: string, userId: string): Promise<boolean> {
  const done = await db
    .deleteFrom('race_entries')
    .where('race_id', '=', raceId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(done.numDeletedRows) > 0;
}

/**
 * Sets a result. `onlyIfEmpty`: a result found in an imported run never replaces one (typed
 * in, or from an earlier run); a typed-in one always does.
 */
export async function saveResult(
  db: Db,
  raceId: string,
  userId: string,
  result: { elapsed_time_s: number; run_id: string | null },
  now: Date,
  onlyIfEmpty = false,
): Promise<boolean> {
  let q = db
    .updateTable('race_entries')
    .set({ result_time_s: result.elapsed_time_s, result_run_id: result.run_id, updated_at: now.toISOString() })
    .where('race_id', '=', raceId)
    .where('user_id', '=', userId);
  if (onlyIfEmpty) q = q.where('result_time_s', 'is', null);
  return Number((await q.executeTakeFirst()).numUpdatedRows) > 0;
}

/** A result taken from this run goes when the run is deleted. */
export async function clearResultsOfRun(db: Db, userId: string, runId: string, now: Date): Promise<number> {
  const done = await db
    .updateTable('race_entries')
    .set({ result_time_s: null, result_run_id: null, updated_at: now.toISOString() })
    .where('user_id', '=', userId)
    .where('result_run_id', '=', runId)
    .executeTakeFirst();
  return Number(done.numUpdatedRows);
}

/** A runner's entries without a result, for races starting between these instants. */
export async function openEntriesBetween(
  db: Db,
  userId: string,
  from: string,
  to: string,
): Promise<Array<{ race_id: string; start_time: string; timezone: string; distance_m: number }>> {
  const rows = await db
    .selectFrom('race_entries')
    .innerJoin('races', 'races.id', 'race_entries.race_id')
    .select(['races.id as race_id', 'races.start_time', 'races.timezone', 'races.distance_m'])
    .where('race_entries.user_id', '=', userId)
    .where('race_entries.result_time_s', 'is', null)
    .where('races.status', '=', 'scheduled')
    .where('races.start_time', '>=', from)
    .where('races.start_time', '<=', to)
    .execute();
  return rows.map((r) => ({ ...r, distance_m: Number(r.distance_m) }));
}

/** account.deleted: the runner's entries go (the races they added stay: others may run them). */
export async function deleteUserEntries(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('race_entries').where('user_id', '=', userId).execute();
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown };
  return typeof e?.code === 'string' ? e.code : '';
}
const isUniqueViolation = (err: unknown) => ['23505', 'SQLITE_CONSTRAINT_UNIQUE'].includes(errorCode(err));
const isForeignKeyViolation = (err: unknown) => ['23503', 'SQLITE_CONSTRAINT_FOREIGNKEY'].includes(errorCode(err));
