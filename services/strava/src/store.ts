// The strava service's queries used by its routes (links, OAuth states, webhook events, imports).
// The worker's own queries live beside it in worker/.
import type { Insertable, Kysely, Updateable } from 'kysely';
import type { LinkRow, StravaTables } from './tables.ts';

type Db = Kysely<StravaTables>;

/** Stores a pending authorization's state (hashed) and drops expired ones. */
export async function saveOauthState(
  db: Db,
  stateHash: string,
  userId: string,
  now: Date,
  ttlMs: number,
  appClientId: string | null = null,
) {
  await db.deleteFrom('strava_oauth_states').where('expires_at', '<', now.toISOString()).execute();
  await db
    .insertInto('strava_oauth_states')
    .values({
      state_hash: stateHash,
      user_id: userId,
      expires_at: new Date(now.getTime() + ttlMs).toISOString(),
      used_at: null,
      app_client_id: appClientId,
    })
    .execute();
}

/** Uses a state once: the user (and own application) it was made for, or undefined when unknown, used or expired. */
export async function useOauthState(
  db: Db,
  stateHash: string,
  at: string,
): Promise<{ userId: string; appClientId: string | null } | undefined> {
  const used = await db
    .updateTable('strava_oauth_states')
    .set({ used_at: at })
    .where('state_hash', '=', stateHash)
    .where('used_at', 'is', null)
    .where('expires_at', '>', at)
    .returning(['user_id', 'app_client_id'])
    .executeTakeFirst();
  return used ? { userId: used.user_id, appClientId: used.app_client_id ?? null } : undefined;
}

export async function linkOf(db: Db, userId: string): Promise<LinkRow | undefined> {
  return db.selectFrom('strava_links').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function userOfAthlete(db: Db, athleteId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('strava_links')
    .select('user_id')
    .where('athlete_id', '=', athleteId)
    .executeTakeFirst();
  return row?.user_id;
}

export async function updateLink(db: Db, userId: string, changes: Updateable<LinkRow>): Promise<void> {
  await db.updateTable('strava_links').set(changes).where('user_id', '=', userId).execute();
}

/** Replaces a user's link (another athlete) or creates it. */
export async function replaceLink(db: Db, row: Insertable<LinkRow>): Promise<void> {
  await db.deleteFrom('strava_links').where('user_id', '=', row.user_id).execute();
  await db.insertInto('strava_links').values(row).execute();
}

/** Forgets a link and its pending events; the activity → run map is the caller's to keep or drop. */
export async function removeLink(db: Db, link: Pick<LinkRow, 'user_id' | 'athlete_id'>): Promise<void> {
  await db.deleteFrom('strava_links').where('user_id', '=', link.user_id).execute();
  await db
    .deleteFrom('strava_events')
    .where('athlete_id', '=', link.athlete_id)
    .where('processed_at', 'is', null)
    .execute();
}

/** Strava activity ids imported for a user. */
export async function importedActivities(db: Db, userId: string): Promise<string[]> {
  const rows = await db.selectFrom('strava_imports').select('activity_id').where('user_id', '=', userId).execute();
  return rows.map((r) => r.activity_id);
}

export async function forgetImports(db: Db, userId: string): Promise<void> {
  await db.deleteFrom('strava_imports').where('user_id', '=', userId).execute();
  await db.deleteFrom('strava_rejections').where('user_id', '=', userId).execute();
}

export interface IncomingEvent {
  athleteId: string;
  objectType: string;
  objectId: string;
  aspectType: string;
  eventTime: number;
  updates: Record<string, unknown>;
}

/** Stores a webhook event once (Strava retries); true when it is new. */
export async function recordEvent(db: Db, e: IncomingEvent): Promise<boolean> {
  const updates = JSON.stringify(e.updates);
  const dedupe = [e.objectType, e.objectId, e.aspectType, e.eventTime, updates].join(':').slice(0, 500);
  const inserted = await db
    .insertInto('strava_events')
    .values({
      dedupe_key: dedupe,
      athlete_id: e.athleteId,
      object_type: e.objectType,
      object_id: e.objectId,
      aspect_type: e.aspectType,
      updates,
      event_time: e.eventTime,
      received_at: new Date().toISOString(),
      processed_at: null,
      attempts: 0,
    })
    .onConflict((oc) => oc.column('dedupe_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return !!inserted;
}

/** A user's rejected activities, newest first (at most 100), and how many there are. */
export async function rejectionsOf(db: Db, userId: string) {
  const rejected = await db
    .selectFrom('strava_rejections')
    .select(['activity_id', 'name', 'start_time', 'reason', 'rejected_at'])
    .where('user_id', '=', userId)
    .orderBy('start_time', 'desc')
    .limit(100)
    .execute();
  const n = await db
    .selectFrom('strava_rejections')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return { rejected, rejected_count: Number(n?.n ?? 0) };
}
