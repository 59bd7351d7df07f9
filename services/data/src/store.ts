import { randomUUID } from 'node:crypto';
import type { Kysely } from 'kysely';
import { writeEvent } from '@runnerly/bus';
import { topics, type BatchResult, type Run, type RunImportedEvent, type RunInput } from '@runnerly/contracts';
import type { DataTables, RunRow } from './tables.ts';
import { fromRow, runKey, toRow, uniqueByKey } from './domain/runs.ts';

const CHUNK = 200;

/**
 * Stores the runs that are new (same user + source + source id: already there) and, in the
 * same transaction, one `run.imported` event per user with the runs added.
 */
export async function addRuns(db: Kysely<DataTables>, runs: RunInput[]): Promise<BatchResult> {
  const unique = uniqueByKey(runs);
  const now = new Date().toISOString();
  return db.transaction().execute(async (trx) => {
    const added = new Map<string, RunRow>();
    for (let i = 0; i < unique.length; i += CHUNK) {
      const rows = unique.slice(i, i + CHUNK).map((r) => toRow(r, randomUUID(), now));
      const inserted = await trx.insertInto('runs').values(rows)
        .onConflict((oc) => oc.columns(['user_id', 'source', 'source_id']).doNothing())
        .returning(['id']).execute();
      const ids = new Set(inserted.map((r) => r.id));
      for (const row of rows) if (ids.has(row.id)) added.set(runKey(row), row);
    }
    const ids = new Map<string, string>([...added].map(([k, row]) => [k, row.id]));
    const missing = unique.filter((r) => !added.has(runKey(r)));
    for (const [userId, group] of groupBy(missing, (r) => r.user_id)) {
      for (let i = 0; i < group.length; i += CHUNK) {
        const rows = await trx.selectFrom('runs').select(['id', 'user_id', 'source', 'source_id'])
          .where('user_id', '=', userId).where('source_id', 'in', group.slice(i, i + CHUNK).map((r) => r.source_id)).execute();
        for (const row of rows) ids.set(runKey(row), row.id);
      }
    }
    for (const [userId, rows] of groupBy([...added.values()], (r) => r.user_id)) {
      const event: RunImportedEvent = { user_id: userId, runs: rows.map((r) => ({ id: r.id, source: r.source as Run['source'], source_id: r.source_id, start_time: r.start_time })) };
      await writeEvent(trx, topics.runImported, event);
    }
    // A run repeated inside one batch is reported added only where it first appears.
    const reported = new Set<string>();
    const result = runs.map((r) => {
      const key = runKey(r);
      const isNew = added.has(key) && !reported.has(key);
      reported.add(key);
      return { id: ids.get(key)!, source: r.source, source_id: r.source_id, added: isNew };
    });
    return { received: runs.length, added: added.size, existing: runs.length - added.size, runs: result };
  });
}

export async function lastRuns(db: Kysely<DataTables>, userId: string, limit: number, before?: string): Promise<Run[]> {
  let q = db.selectFrom('runs').selectAll().where('user_id', '=', userId);
  if (before) q = q.where('start_time', '<', before);
  const rows = await q.orderBy('start_time', 'desc').orderBy('id', 'desc').limit(limit).execute();
  return rows.map(fromRow);
}

export async function runsBetween(db: Kysely<DataTables>, userId: string, from: string, to: string): Promise<Run[]> {
  const rows = await db.selectFrom('runs').selectAll().where('user_id', '=', userId)
    .where('start_time', '>=', from).where('start_time', '<', to).orderBy('start_time', 'asc').orderBy('id', 'asc').execute();
  return rows.map(fromRow);
}

export async function findRun(db: Kysely<DataTables>, id: string): Promise<Run | undefined> {
  const row = await db.selectFrom('runs').selectAll().where('id', '=', id).executeTakeFirst();
  return row && fromRow(row);
}

export async function deleteRun(db: Kysely<DataTables>, run: Run): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('runs').where('id', '=', run.id).execute();
    await writeEvent(trx, topics.runDeleted, { user_id: run.user_id, run_id: run.id });
  });
}

export async function deleteUserRuns(db: Kysely<DataTables>, userId: string): Promise<number> {
  const res = await db.deleteFrom('runs').where('user_id', '=', userId).executeTakeFirst();
  return Number(res.numDeletedRows);
}

function groupBy<T>(items: T[], key: (t: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const item of items) out.set(key(item), [...(out.get(key(item)) ?? []), item]);
  return out;
}
