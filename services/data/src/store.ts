import { randomUUID } from 'node:crypto';
import { sql, type Kysely, type Transaction } from 'kysely';
import { writeEvent } from '@runnerly/bus';
import {
  topics,
  type BatchResult,
  type Run,
  type RunImportedEvent,
  type RunInput,
  type RunDetails,
  type RunPatch,
  type RunsChangedEvent,
  type RunStreams,
  type RunSummary,
} from '@runnerly/contracts';
import { precompiled, type Dialect } from '@runnerly/storage';
import type { DataTables, RunRow } from './tables.ts';
import {
  OVERLAP_START_MS,
  findDuplicate,
  fromRow,
  mergeRows,
  richness,
  runKey,
  summaryFromRow,
  toRow,
  uniqueByKey,
} from './domain/runs.ts';
import { effortRows, effortsFromStreams, type EffortRow } from './domain/records.ts';

const CHUNK = 200;
type Db = Kysely<DataTables> | Transaction<DataTables>;

interface Outcome {
  id: string;
  added: boolean;
  merged: boolean;
}

/**
 * Stores each run once. A run already known by its source id is left alone; the same
 * activity from another source (same Strava id, same device id, or overlapping start and
 * distance) is merged into the stored run, keeping the richer data; anything else is new.
 * New runs and one `run.imported` event per user are written in one transaction.
 */
export async function addRuns(db: Kysely<DataTables>, dialect: Dialect, runs: RunInput[]): Promise<BatchResult> {
  const unique = uniqueByKey(runs);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const outcomes = new Map<string, Outcome>();
    const added: RunRow[] = [];
    for (const [userId, group] of groupBy(unique, (r) => r.user_id)) {
      // Two batches for one user (Strava sync and an upload) must not both miss each other.
      if (dialect === 'postgres') await sql`select pg_advisory_xact_lock(hashtext(${userId}))`.execute(trx);
      // A batch of runs already stored (a file uploaded again) changes nothing: no announcement.
      const versionBefore = await userVersion(trx, userId);
      const aliases = await knownSources(trx, userId, group);
      const times = group.map((r) => Date.parse(r.start_time));
      const pool = await trx
        .selectFrom('runs')
        .selectAll()
        .where('user_id', '=', userId)
        .where('start_time', '>=', new Date(Math.min(...times) - OVERLAP_START_MS).toISOString())
        .where('start_time', '<=', new Date(Math.max(...times) + OVERLAP_START_MS).toISOString())
        .execute();
      // Ids name the same activity whatever its clock says (an export's local time, a device's drift).
      const stravaIds = group
        .map((r) => r.strava_activity_id ?? (r.source === 'strava' ? r.source_id : null))
        .filter((x): x is string => !!x);
      const externalIds = group.map((r) => r.external_id).filter((x): x is string => !!x);
      for (let i = 0; i < Math.max(stravaIds.length, externalIds.length); i += CHUNK) {
        const s = stravaIds.slice(i, i + CHUNK);
        const e = externalIds.slice(i, i + CHUNK);
        const byId = await trx
          .selectFrom('runs')
          .selectAll()
          .where('user_id', '=', userId)
          .where((w) =>
            w.or([
              ...(s.length ? [w('strava_activity_id', 'in', s)] : []),
              ...(e.length ? [w('external_id', 'in', e)] : []),
            ]),
          )
          .execute();
        const seen = new Set(pool.map((p) => p.id));
        pool.push(...byId.filter((r) => !seen.has(r.id)));
      }
      const newRows: RunRow[] = [];
      const newAliases: DataTables['run_sources'][] = [];
      const newStreams = new Map<string, RunStreams>();
      for (const run of group) {
        const known = aliases.get(`${run.source}|${run.source_id}`);
        if (known) {
          outcomes.set(runKey(run), { id: known, added: false, merged: false });
          continue;
        }
        const incoming = toRow(run, randomUUID(), now);
        if (run.gear) incoming.gear_id = await stravaGear(trx, userId, run.gear, now);
        const duplicate = findDuplicate(run, pool);
        if (duplicate) {
          const richer = richness(incoming) > richness(duplicate);
          const merged = mergeRows(duplicate, incoming);
          const { id: _id, user_id: _user, created_at: _created, ...changes } = merged;
          await trx.updateTable('runs').set(changes).where('id', '=', duplicate.id).execute();
          await trx.deleteFrom('run_efforts').where('run_id', '=', duplicate.id).execute();
          await insertEfforts(trx, effortRows(merged));
          if (run.streams && (richer || !duplicate.has_streams)) await saveStreams(trx, duplicate.id, run.streams);
          Object.assign(duplicate, merged);
          newAliases.push({
            user_id: userId,
            source: run.source,
            source_id: run.source_id,
            run_id: duplicate.id,
            created_at: now,
          });
          outcomes.set(runKey(run), { id: duplicate.id, added: false, merged: true });
        } else {
          pool.push(incoming);
          newRows.push(incoming);
          newAliases.push({
            user_id: userId,
            source: run.source,
            source_id: run.source_id,
            run_id: incoming.id,
            created_at: now,
          });
          if (run.streams) newStreams.set(incoming.id, run.streams);
          outcomes.set(runKey(run), { id: incoming.id, added: true, merged: false });
        }
      }
      for (let i = 0; i < newRows.length; i += CHUNK)
        await trx
          .insertInto('runs')
          .values(newRows.slice(i, i + CHUNK))
          .execute();
      for (let i = 0; i < newAliases.length; i += CHUNK)
        await trx
          .insertInto('run_sources')
          .values(newAliases.slice(i, i + CHUNK))
          .execute();
      await insertEfforts(
        trx,
        newRows.flatMap((r) => effortRows(r)),
      );
      for (const row of newRows) {
        const s = newStreams.get(row.id);
        if (s) await saveStreams(trx, row.id, s);
      }
      added.push(...newRows);
      if (newRows.length) {
        const event: RunImportedEvent = {
          user_id: userId,
          runs: newRows.map((r) => ({
            id: r.id,
            source: r.source as Run['source'],
            source_id: r.source_id,
            start_time: r.start_time,
          })),
        };
        await writeEvent(trx, topics.runImported, event);
      }
      await announceChange(trx, userId, versionBefore);
    }
    // A run repeated inside one batch is reported added only where it first appears.
    const reported = new Set<string>();
    const result = runs.map((r) => {
      const key = runKey(r);
      const o = outcomes.get(key)!;
      const first = !reported.has(key);
      reported.add(key);
      return { id: o.id, source: r.source, source_id: r.source_id, added: o.added && first, merged: o.merged && first };
    });
    return { received: runs.length, added: added.length, existing: runs.length - added.length, runs: result };
  });
}

/** The user's pair with this Strava gear id, added when new (the runner's name for it, once renamed, stays). */
async function stravaGear(
  trx: Db,
  userId: string,
  gear: { strava_gear_id: string; name: string },
  now: string,
): Promise<string> {
  const find = () =>
    trx
      .selectFrom('gear')
      .select('id')
      .where('user_id', '=', userId)
      .where('strava_gear_id', '=', gear.strava_gear_id)
      .executeTakeFirst();
  const known = await find();
  if (known) {
    // A pair first known by its id alone (a summary) takes its name when one comes; the runner's stays.
    const placeholder = `Strava shoes ${gear.strava_gear_id}`;
    if (gear.name !== placeholder)
      await trx
        .updateTable('gear')
        .set({ name: gear.name, updated_at: now })
        .where('id', '=', known.id)
        .where('name', '=', placeholder)
        .execute();
    return known.id;
  }
  await trx
    .insertInto('gear')
    .values({
      id: randomUUID(),
      user_id: userId,
      name: gear.name,
      brand: null,
      model: null,
      retired: 0,
      source: 'strava',
      strava_gear_id: gear.strava_gear_id,
      created_at: now,
      updated_at: now,
    })
    .onConflict((oc) => oc.columns(['user_id', 'strava_gear_id']).doNothing())
    .execute();
  return (await find())!.id;
}

async function insertEfforts(trx: Db, rows: EffortRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK)
    await trx
      .insertInto('run_efforts')
      .values(rows.slice(i, i + CHUNK))
      .execute();
}

async function knownSources(trx: Db, userId: string, group: RunInput[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for (let i = 0; i < group.length; i += CHUNK) {
    const rows = await trx
      .selectFrom('run_sources')
      .select(['source', 'source_id', 'run_id'])
      .where('user_id', '=', userId)
      .where(
        'source_id',
        'in',
        group.slice(i, i + CHUNK).map((r) => r.source_id),
      )
      .execute();
    for (const r of rows) out.set(`${r.source}|${r.source_id}`, r.run_id);
  }
  return out;
}

async function saveStreams(trx: Db, runId: string, streams: RunStreams): Promise<void> {
  const row = { run_id: runId, streams: JSON.stringify(streams), updated_at: new Date().toISOString() };
  await trx
    .insertInto('run_streams')
    .values(row)
    .onConflict((oc) => oc.column('run_id').doUpdateSet({ streams: row.streams, updated_at: row.updated_at }))
    .execute();
  await trx.updateTable('runs').set({ has_streams: 1 }).where('id', '=', runId).execute();
}

async function withSources(db: Db, rows: RunRow[]): Promise<Run[]> {
  if (rows.length === 0) return [];
  const sources = new Map<string, Array<{ source: string; source_id: string }>>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const found = await db
      .selectFrom('run_sources')
      .select(['run_id', 'source', 'source_id'])
      .where(
        'run_id',
        'in',
        rows.slice(i, i + CHUNK).map((r) => r.id),
      )
      .orderBy('created_at')
      .execute();
    for (const s of found) sources.set(s.run_id, [...(sources.get(s.run_id) ?? []), s]);
  }
  return rows.map((r) => fromRow(r, sources.get(r.id) ?? []));
}

/** Lists leave out the heavy detail columns (splits, best efforts, description). */
const summaryColumns = [
  'id',
  'user_id',
  'source',
  'source_id',
  'name',
  'sport_type',
  'start_time',
  'timezone',
  'distance_m',
  'moving_time_s',
  'elapsed_time_s',
  'elevation_gain_m',
  'average_heartrate',
  'max_heartrate',
  'average_cadence',
  'summary_polyline',
  'strava_activity_id',
  'external_id',
  'device',
  'calories',
  'trainer',
  'has_gps',
  'sport_inferred',
  'has_streams',
  'workout_type',
  'gear_id',
  'created_at',
  'updated_at',
] as const;

export async function lastRuns(
  db: Kysely<DataTables>,
  userId: string,
  limit: number,
  before?: string,
): Promise<RunSummary[]> {
  let q = db.selectFrom('runs').select(summaryColumns).where('user_id', '=', userId);
  if (before) q = q.where('start_time', '<', before);
  return (await q.orderBy('start_time', 'desc').orderBy('id', 'desc').limit(limit).execute()).map(summaryFromRow);
}

export async function runsBetween(
  db: Kysely<DataTables>,
  userId: string,
  from: string,
  to: string,
): Promise<RunSummary[]> {
  const rows = await db
    .selectFrom('runs')
    .select(summaryColumns)
    .where('user_id', '=', userId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to)
    .orderBy('start_time', 'asc')
    .orderBy('id', 'asc')
    .execute();
  return rows.map(summaryFromRow);
}

export async function findRun(db: Kysely<DataTables>, id: string): Promise<Run | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && (await withSources(db, [row]))[0];
}

/** Who a run belongs to and when it started (null when there is no such run): no detail columns read. */
export async function runOwner(
  db: Kysely<DataTables>,
  id: string,
): Promise<{ id: string; user_id: string; start_time: string; timezone: string } | undefined> {
  return db
    .selectFrom('runs')
    .select(['id', 'user_id', 'start_time', 'timezone'])
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function findStreams(db: Kysely<DataTables>, runId: string): Promise<RunStreams | undefined> {
  const row = await db.selectFrom('run_streams').select('streams').where('run_id', '=', runId).executeTakeFirst();
  return row && (JSON.parse(row.streams) as RunStreams);
}

/** False when the run is gone (deleted meanwhile). */
export async function replaceStreams(
  db: Kysely<DataTables>,
  dialect: Dialect,
  runId: string,
  streams: RunStreams,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('runs')
      .select(['id', 'user_id', 'start_time', 'timezone', 'best_efforts'])
      .where('id', '=', runId);
    // Hold the run until the samples are in: a concurrent delete waits for us.
    if (dialect === 'postgres') q = q.forUpdate();
    const run = await q.executeTakeFirst();
    if (!run) return false;
    await saveStreams(trx, runId, streams);
    // A run that came without best efforts (a Strava summary) takes them from its samples.
    const known = run.best_efforts ? (JSON.parse(run.best_efforts) as unknown[]) : [];
    const found = known.length ? null : effortsFromStreams(streams);
    if (found) {
      const best_efforts = JSON.stringify(found);
      await trx.updateTable('runs').set({ best_efforts }).where('id', '=', runId).execute();
      await trx.deleteFrom('run_efforts').where('run_id', '=', runId).execute();
      await insertEfforts(trx, effortRows({ ...run, best_efforts }));
    }
    await announceChange(trx, run.user_id);
    return true;
  });
}

/**
 * Sets what a detailed activity tells (calories, laps, splits, best efforts; a description only
 * when the run has none: the runner's or a file's stays). False when the run is gone.
 */
export async function attachDetails(
  db: Kysely<DataTables>,
  dialect: Dialect,
  runId: string,
  details: RunDetails,
): Promise<boolean> {
  return db.transaction().execute(async (trx) => {
    let q = trx
      .selectFrom('runs')
      .select(['id', 'user_id', 'start_time', 'timezone', 'description'])
      .where('id', '=', runId);
    if (dialect === 'postgres') q = q.forUpdate();
    const run = await q.executeTakeFirst();
    if (!run) return false;
    const changes: Partial<RunRow> = { updated_at: new Date().toISOString() };
    if (details.description && !run.description) changes.description = details.description;
    if (details.calories !== undefined) changes.calories = details.calories;
    for (const key of ['laps', 'splits_km', 'splits_mi'] as const)
      if (details[key] !== undefined) changes[key] = details[key] ? JSON.stringify(details[key]) : null;
    // The source's own best efforts beat those worked out from the samples.
    if (details.best_efforts?.length) changes.best_efforts = JSON.stringify(details.best_efforts);
    await trx.updateTable('runs').set(changes).where('id', '=', runId).execute();
    if (changes.best_efforts) {
      await trx.deleteFrom('run_efforts').where('run_id', '=', runId).execute();
      await insertEfforts(trx, effortRows({ ...run, best_efforts: changes.best_efforts }));
    }
    await announceChange(trx, run.user_id);
    return true;
  });
}

export async function updateRun(db: Kysely<DataTables>, runId: string, patch: RunPatch): Promise<void> {
  // A sport the runner sets is no longer a guess.
  const sport = patch.sport_type !== undefined ? { sport_inferred: 0 } : {};
  await db.transaction().execute(async (trx) => {
    const run = await trx
      .updateTable('runs')
      .set({ ...patch, ...sport, updated_at: new Date().toISOString() })
      .where('id', '=', runId)
      .returning('user_id')
      .executeTakeFirst();
    if (run) await announceChange(trx, run.user_id);
  });
}

export async function deleteRun(db: Kysely<DataTables>, run: Run): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('run_streams').where('run_id', '=', run.id).execute();
    await trx.deleteFrom('run_efforts').where('run_id', '=', run.id).execute();
    await trx.deleteFrom('run_sources').where('run_id', '=', run.id).execute();
    await trx.deleteFrom('runs').where('id', '=', run.id).execute();
    await writeEvent(trx, topics.runDeleted, { user_id: run.user_id, run_id: run.id });
    await announceChange(trx, run.user_id);
  });
}

/**
 * Removes one source from a user's runs (all of it, or these ids): a run that another source
 * still backs keeps its data and loses only this source; a run left without any is deleted.
 * One transaction; one `run.deleted` event per deleted run.
 */
export async function detachSource(
  db: Kysely<DataTables>,
  userId: string,
  source: string,
  sourceIds: string[] | undefined,
): Promise<{ detached: number; deleted: number }> {
  return db.transaction().execute(async (trx) => {
    const ofSource = trx
      .selectFrom('run_sources')
      .select(['run_id', 'source_id'])
      .where('user_id', '=', userId)
      .where('source', '=', source);
    const hits: Array<{ run_id: string; source_id: string }> = [];
    if (sourceIds === undefined) hits.push(...(await ofSource.execute()));
    else
      for (let i = 0; i < sourceIds.length; i += CHUNK)
        hits.push(...(await ofSource.where('source_id', 'in', sourceIds.slice(i, i + CHUNK)).execute()));
    const runIds = [...new Set(hits.map((h) => h.run_id))];
    let detached = 0;
    let deleted = 0;
    for (let i = 0; i < runIds.length; i += CHUNK) {
      const ids = runIds.slice(i, i + CHUNK);
      const gone = new Set(hits.filter((h) => ids.includes(h.run_id)).map((h) => h.source_id));
      const all = await trx
        .selectFrom('run_sources')
        .select(['run_id', 'source', 'source_id'])
        .where('run_id', 'in', ids)
        .orderBy('created_at')
        .execute();
      const left = new Map<string, Array<{ source: string; source_id: string }>>();
      for (const s of all)
        if (!(s.source === source && gone.has(s.source_id))) left.set(s.run_id, [...(left.get(s.run_id) ?? []), s]);
      const runs = await trx.selectFrom('runs').select(['id', 'source', 'source_id']).where('id', 'in', ids).execute();
      const doomed = runs.filter((r) => (left.get(r.id) ?? []).length === 0).map((r) => r.id);
      if (doomed.length) {
        // In bulk: a long history is one statement per table and chunk, not one per run.
        await trx.deleteFrom('run_streams').where('run_id', 'in', doomed).execute();
        await trx.deleteFrom('run_efforts').where('run_id', 'in', doomed).execute();
        await trx.deleteFrom('run_sources').where('run_id', 'in', doomed).execute();
        await trx.deleteFrom('runs').where('id', 'in', doomed).execute();
        for (const id of doomed) await writeEvent(trx, topics.runDeleted, { user_id: userId, run_id: id });
        deleted += doomed.length;
      }
      for (const run of runs) {
        const rest = left.get(run.id) ?? [];
        if (rest.length === 0) continue;
        await trx
          .deleteFrom('run_sources')
          .where('run_id', '=', run.id)
          .where('source', '=', source)
          .where('source_id', 'in', [...gone])
          .execute();
        const primaryGone = run.source === source && gone.has(run.source_id);
        await trx
          .updateTable('runs')
          .set({
            ...(primaryGone ? { source: rest[0]!.source, source_id: rest[0]!.source_id } : {}),
            ...(source === 'strava' ? { strava_activity_id: null } : {}),
            updated_at: new Date().toISOString(),
          })
          .where('id', '=', run.id)
          .execute();
        detached++;
      }
    }
    if (runIds.length) await announceChange(trx, userId);
    return { detached, deleted };
  });
}

/** Users among these whose account was deleted. */
export async function deletedUsers(db: Kysely<DataTables>, userIds: string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db
    .selectFrom('deleted_users')
    .select('user_id')
    .where('user_id', 'in', [...new Set(userIds)])
    .execute();
  return rows.map((r) => r.user_id);
}

/** Removes every run of a deleted account and remembers the account, so late runs are refused. */
export async function deleteUserRuns(db: Kysely<DataTables>, userId: string): Promise<number> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('deleted_users')
      .values({ user_id: userId, deleted_at: new Date().toISOString() })
      .onConflict((oc) => oc.column('user_id').doNothing())
      .execute();
    const ids = trx.selectFrom('runs').select('id').where('user_id', '=', userId);
    await trx.deleteFrom('run_streams').where('run_id', 'in', ids).execute();
    await trx.deleteFrom('run_sources').where('user_id', '=', userId).execute();
    await trx.deleteFrom('run_efforts').where('user_id', '=', userId).execute();
    await trx.deleteFrom('gear').where('user_id', '=', userId).execute();
    const res = await trx.deleteFrom('runs').where('user_id', '=', userId).executeTakeFirst();
    await announceChange(trx, userId);
    return Number(res.numDeletedRows);
  });
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}

// Read on every tagged request (a 304 or a kept answer needs nothing else): compiled once.
const versionRow = precompiled<DataTables, { version: number }>(1, (db, userId) =>
  db.selectFrom('user_versions').select('version').where('user_id', '=', userId),
);

/**
 * One `runs.changed` event with the user's version as this transaction leaves it: every write
 * to a user's runs calls it, so that a kept copy of a version-tagged answer elsewhere (the
 * gateway's) is dropped once the write is committed. None when the version is still `since`
 * (a write that turned out to change nothing).
 */
export async function announceChange(trx: Transaction<DataTables>, userId: string, since?: number): Promise<void> {
  const version = await userVersion(trx, userId);
  if (version === since) return;
  const event: RunsChangedEvent = { user_id: userId, version };
  await writeEvent(trx, topics.runsChanged, event);
}

/** The user's version: moved on by triggers at every change to their runs (0 before the first). */
export async function userVersion(db: Kysely<DataTables>, userId: string): Promise<number> {
  return (await versionRow(db, userId))[0]?.version ?? 0;
}

/** What totals need of each run in [from, to): its start and sums, nothing else (light rows). */
export async function runAmountsBetween(
  db: Kysely<DataTables>,
  userId: string,
  from: string,
  to: string,
): Promise<Array<{ start_time: string; distance_m: number; moving_time_s: number; elevation_gain_m: number | null }>> {
  return db
    .selectFrom('runs')
    .select(['start_time', 'distance_m', 'moving_time_s', 'elevation_gain_m'])
    .where('user_id', '=', userId)
    .where('start_time', '>=', from)
    .where('start_time', '<', to)
    .execute();
}

/** When the user's first run started (null without runs). */
export async function firstRunStart(db: Kysely<DataTables>, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('runs')
    .select('start_time')
    .where('user_id', '=', userId)
    .orderBy('start_time', 'asc')
    .limit(1)
    .executeTakeFirst();
  return row?.start_time ?? null;
}

export interface RunFilter {
  /** [from, to) instants. */
  from?: string;
  to?: string;
  sportType?: string;
  /** Words the name contains (any case). */
  text?: string;
  sort: 'date' | 'distance' | 'time' | 'pace' | 'elevation';
  order: 'asc' | 'desc';
  limit: number;
  offset: number;
}

const sortColumn = {
  date: sql<string>`start_time`,
  distance: sql<number>`distance_m`,
  time: sql<number>`moving_time_s`,
  // Seconds per metre; a run without distance counts as the slowest.
  pace: sql<number>`(moving_time_s * 1.0 / (distance_m + 0.001))`,
  elevation: sql<number>`coalesce(elevation_gain_m, 0)`,
} as const;

/** One page of a user's runs matching the filter, how many match in all and their sums. */
export async function searchRuns(
  db: Kysely<DataTables>,
  userId: string,
  f: RunFilter,
): Promise<{
  runs: RunSummary[];
  total: number;
  totals: { count: number; distance_m: number; moving_time_s: number; elevation_gain_m: number };
}> {
  let q = db.selectFrom('runs').where('user_id', '=', userId);
  if (f.from) q = q.where('start_time', '>=', f.from);
  if (f.to) q = q.where('start_time', '<', f.to);
  if (f.sportType) q = q.where('sport_type', '=', f.sportType);
  if (f.text) {
    const like = `%${f.text.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where(sql<boolean>`lower(name) like ${like} escape '\\'`);
  }
  const sums = await q
    .select((eb) => [
      eb.fn.countAll().as('count'),
      eb.fn.sum<number>('distance_m').as('distance_m'),
      eb.fn.sum<number>('moving_time_s').as('moving_time_s'),
      eb.fn.sum<number>(sql`coalesce(elevation_gain_m, 0)`).as('elevation_gain_m'),
    ])
    .executeTakeFirstOrThrow();
  const rows = await q
    .select(summaryColumns)
    .orderBy(sortColumn[f.sort], f.order)
    .orderBy('start_time', f.order)
    .orderBy('id', f.order)
    .limit(f.limit)
    .offset(f.offset)
    .execute();
  const total = Number(sums.count);
  return {
    runs: rows.map(summaryFromRow),
    total,
    totals: {
      count: total,
      distance_m: Math.round(Number(sums.distance_m ?? 0) * 10) / 10,
      moving_time_s: Number(sums.moving_time_s ?? 0),
      elevation_gain_m: Number(sums.elevation_gain_m ?? 0),
    },
  };
}
