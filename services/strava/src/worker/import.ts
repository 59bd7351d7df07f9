// One turn of work for one link: a webhook event, a backfill page or an incremental page.
// Idempotent: the data service stores each run once, cursors only move forward.
import type { BatchResult, RunInput } from '@runnerly/contracts';
import { NotFoundError, isRun, type SummaryActivity } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import type { Selectable } from 'kysely';
import type { EventRow, LinkRow } from '../tables.ts';
import { startEpoch, toRunInput } from '../domain/map-activity.ts';
import { callStrava } from './strava-call.ts';

export const PAGE_SIZE = 200;

const readsPrivate = (scope: string) => scope.split(/[ ,]/).includes('activity:read_all');

/** Runs of a page the runner allowed us to see, mapped for the data service. */
export function runsOf(link: Pick<LinkRow, 'user_id' | 'scope'>, activities: SummaryActivity[]): RunInput[] {
  const all = readsPrivate(link.scope);
  return activities
    .filter((a) => all || (a.private !== true && a.visibility !== 'only_me'))
    .map((a) => toRunInput(link.user_id, a))
    .filter((r): r is RunInput => r !== null);
}

/** Sends runs to the data service in one batch; remembers activity → run; returns how many were new. */
export async function storeRuns(deps: StravaDeps, userId: string, runs: RunInput[]): Promise<number> {
  if (runs.length === 0) return 0;
  const res = await deps.data.post<BatchResult>('/runs/batch', { body: { runs } });
  if (res.status !== 200)
    throw new Error(`data service refused the batch: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
  const starts = new Map(runs.map((r) => [r.source_id, Math.floor(Date.parse(r.start_time) / 1000)]));
  const rows = res.body.runs.map((r) => ({
    activity_id: r.source_id,
    user_id: userId,
    run_id: r.id,
    start_epoch: starts.get(r.source_id) ?? null,
    streams_state: null,
    streams_attempts: 0,
    streams_until: null,
  }));
  for (let i = 0; i < rows.length; i += 200) {
    await deps.db
      .insertInto('strava_imports')
      .values(rows.slice(i, i + 200))
      .onConflict((oc) =>
        oc.column('activity_id').doUpdateSet((eb) => ({
          run_id: eb.ref('excluded.run_id'),
          user_id: eb.ref('excluded.user_id'),
          start_epoch: eb.ref('excluded.start_epoch'),
        })),
      )
      .execute();
  }
  return res.body.added;
}

/**
 * Runs imported for a user, counted from the activity → run map (written with each batch), so
 * the count stays right when a crash between a batch and the cursor's save replays a page.
 */
async function importedCount(deps: StravaDeps, userId: string): Promise<number> {
  const row = await deps.db
    .selectFrom('strava_imports')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

async function save(deps: StravaDeps, userId: string, changes: Partial<LinkRow>): Promise<void> {
  await deps.db
    .updateTable('strava_links')
    .set({ ...changes, updated_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .execute();
}

/** One backfill page (before= cursor), saved after the page so a crash resumes here. */
export async function backfillPage(deps: StravaDeps, link: LinkRow, permitHeld: boolean): Promise<void> {
  const before = link.backfill_before ?? undefined;
  const { data } = await callStrava(
    deps,
    link,
    (t) => deps.strava.listActivities(t, { before, perPage: PAGE_SIZE }),
    permitHeld,
  );
  const now = await deps.clock.now();
  if (data.length === 0) {
    await save(deps, link.user_id, {
      backfill_done: 1,
      state: 'syncing',
      next_poll_at: now,
      last_sync_at: new Date(now).toISOString(),
      last_turn_at: Date.now(),
      failures: 0,
      retry_at: null,
      error_code: null,
      error_message: null,
    });
    return;
  }
  await storeRuns(deps, link.user_id, runsOf(link, data));
  const imported = await importedCount(deps, link.user_id);
  const starts = data.map(startEpoch);
  const oldest = Math.min(...starts);
  const newest = Math.max(...starts);
  await save(deps, link.user_id, {
    backfill_before: link.backfill_before === null ? oldest : Math.min(link.backfill_before, oldest),
    after_cursor: Math.max(link.after_cursor ?? 0, newest),
    newest_start: Math.max(link.newest_start ?? 0, newest),
    imported,
    seen: link.seen + data.length,
    pages_done: link.pages_done + 1,
    last_sync_at: new Date(now).toISOString(),
    last_turn_at: Date.now(),
    failures: 0,
    retry_at: null,
    error_code: null,
    error_message: null,
  });
}

/** One incremental page (after= cursor, oldest first); an empty page schedules the next poll. */
export async function incrementalPage(deps: StravaDeps, link: LinkRow, permitHeld: boolean): Promise<void> {
  const after = link.after_cursor ?? 0;
  const { data } = await callStrava(
    deps,
    link,
    (t) => deps.strava.listActivities(t, { after, perPage: PAGE_SIZE }),
    permitHeld,
  );
  const now = await deps.clock.now();
  if (data.length === 0) {
    await save(deps, link.user_id, {
      state: 'idle',
      next_poll_at: now + deps.settings.pollIntervalMs,
      last_sync_at: new Date(now).toISOString(),
      last_turn_at: Date.now(),
      failures: 0,
      retry_at: null,
      error_code: null,
      error_message: null,
    });
    return;
  }
  await storeRuns(deps, link.user_id, runsOf(link, data));
  const imported = await importedCount(deps, link.user_id);
  const newest = Math.max(...data.map(startEpoch));
  await save(deps, link.user_id, {
    after_cursor: Math.max(after, newest),
    newest_start: Math.max(link.newest_start ?? 0, newest),
    imported,
    seen: link.seen + data.length,
    pages_done: link.pages_done + 1,
    state: 'syncing',
    last_sync_at: new Date(now).toISOString(),
    last_turn_at: Date.now(),
    failures: 0,
    retry_at: null,
    error_code: null,
    error_message: null,
  });
}

async function deleteRunOf(deps: StravaDeps, activityId: string): Promise<void> {
  const row = await deps.db
    .selectFrom('strava_imports')
    .selectAll()
    .where('activity_id', '=', activityId)
    .executeTakeFirst();
  if (!row) return;
  const res = await deps.data.delete(`/runs/${row.run_id}`);
  if (res.status !== 204 && res.status !== 404)
    throw new Error(`data service refused to delete run ${row.run_id}: ${res.status}`);
  await deps.db.deleteFrom('strava_imports').where('activity_id', '=', activityId).execute();
}

/** Whether the event needs an API call (create/update of an activity). */
export const eventNeedsCall = (e: Pick<EventRow, 'object_type' | 'aspect_type'>) =>
  e.object_type === 'activity' && (e.aspect_type === 'create' || e.aspect_type === 'update');

/** One webhook event of a linked athlete. */
export async function handleEvent(
  deps: StravaDeps,
  link: LinkRow,
  event: Selectable<EventRow>,
  permitHeld: boolean,
): Promise<void> {
  if (event.object_type === 'activity' && event.aspect_type === 'delete') {
    await deleteRunOf(deps, event.object_id);
  } else if (eventNeedsCall(event)) {
    let activity: SummaryActivity | null = null;
    try {
      activity = (await callStrava(deps, link, (t) => deps.strava.activity(t, event.object_id), permitHeld)).data;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const run = activity ? runsOf(link, [activity])[0] : undefined;
    if (!run) {
      // Gone, hidden from us, or no longer a run: forget the imported run if there was one.
      if (!activity || !isRun(activity) || event.aspect_type === 'update') await deleteRunOf(deps, event.object_id);
    } else {
      const added = await storeRuns(deps, link.user_id, [run]);
      const known = await deps.db
        .selectFrom('strava_imports')
        .select('run_id')
        .where('activity_id', '=', event.object_id)
        .executeTakeFirst();
      const title = (JSON.parse(event.updates) as Record<string, unknown>).title;
      if (known && typeof title === 'string' && title)
        await deps.data.call('PATCH', `/runs/${known.run_id}`, { body: { name: title.slice(0, 200) } });
      if (added)
        await save(deps, link.user_id, {
          imported: await importedCount(deps, link.user_id),
          last_sync_at: new Date(await deps.clock.now()).toISOString(),
        });
    }
  }
  await deps.db
    .updateTable('strava_events')
    .set({ processed_at: new Date().toISOString() })
    .where('id', '=', event.id)
    .execute();
  await save(deps, link.user_id, { last_turn_at: Date.now() });
}
