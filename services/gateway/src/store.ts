import type { Kysely } from 'kysely';
import { precompiled } from '@runnerly/storage';
import type { GatewayTables, SessionRow } from './tables.ts';

type Db = Kysely<GatewayTables>;

// Read on every signed-in request: compiled once.
const sessionRow = precompiled<GatewayTables, SessionRow>(1, (db, idHash) =>
  db.selectFrom('sessions').selectAll().where('id_hash', '=', idHash),
);

export async function findSession(db: Db, idHash: string): Promise<SessionRow | undefined> {
  return (await sessionRow(db, idHash))[0];
}

/** Creates the session or replaces its fields (its creation time and expiry stay). */
export async function saveSession(db: Db, row: SessionRow): Promise<void> {
  await db
    .insertInto('sessions')
    .values(row)
    .onConflict((oc) =>
      oc.column('id_hash').doUpdateSet({ data: row.data, user_id: row.user_id, last_seen_at: row.last_seen_at }),
    )
    .execute();
}

export async function touchSession(db: Db, idHash: string, at: string): Promise<void> {
  await db.updateTable('sessions').set({ last_seen_at: at }).where('id_hash', '=', idHash).execute();
}

export async function deleteSession(db: Db, idHash: string): Promise<void> {
  await db.deleteFrom('sessions').where('id_hash', '=', idHash).execute();
}

export async function sessionsOf(db: Db, userId: string): Promise<SessionRow[]> {
  return db.selectFrom('sessions').selectAll().where('user_id', '=', userId).orderBy('last_seen_at', 'desc').execute();
}

/** Ends the user's sessions (all, or all but one); returns how many ended. */
export async function deleteSessionsOf(db: Db, userId: string, keepIdHash?: string): Promise<number> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepIdHash) q = q.where('id_hash', '!=', keepIdHash);
  const res = await q.executeTakeFirst();
  return Number(res.numDeletedRows);
}

/** Removes sessions idle since before `idleBefore` or past their absolute expiry. */
export async function purgeSessions(db: Db, idleBefore: string, now: string): Promise<number> {
  const res = await db
    .deleteFrom('sessions')
    .where((eb) => eb.or([eb('last_seen_at', '<', idleBefore), eb('expires_at', '<=', now)]))
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
