// One turn of work for one link: a webhook event, a backfill page or an incremental page.
// Idempotent: the data service stores each run once, cursors only move forward.
import type { BatchResult, DetachResult, RunInput } from '@runnerly/contracts';
import { NotFoundError, type DetailedActivity, type SummaryActivity } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import type { Selectable } from 'kysely';
import type { EventRow, LinkRow } from '../tables.ts';
import { activityZone, changeKey, mapActivity, startEpoch } from '../domain/map-activity.ts';
import { NeedsReauthError } from '../errors.ts';
import { removeLink } from '../store.ts';
import { callStrava } from './strava-call.ts';
import { giveDetails } from './streams.ts';

export const PAGE_SIZE = 200;

const readsPrivate = (scope: string) => scope.split(/[ ,]/).includes('activity:read_all');

export interface Rejection {
  activity_id: string;
  name: string;
  start_time: string | null;
  reason: string;
}

/** A page, mapped: the runs to store, the activities that cannot be, and those no longer ours to show. */
export interface MappedPage {
  runs: RunInput[];
  rejected: Rejection[];
  /** Hidden from us (private without activity:read_all) or not a run: a stored run loses its Strava source. */
  hidden?: string[];
}

const rejectionOf = (a: SummaryActivity, reason: string): Rejection => ({
  activity_id: String(a.id),
  name: (typeof a.name === 'string' ? a.name : '').slice(0, 200),
  start_time: typeof a.start_date === 'string' && Number.isFinite(Date.parse(a.start_date)) ? a.start_date : null,
  reason: reason.slice(0, 500),
});

/** Runs of a page the runner allowed us to see, mapped for the data service (`profileZone`: see mapActivity). */
export function mapActivities(
  link: Pick<LinkRow, 'user_id' | 'scope'>,
  activities: SummaryActivity[],
  profileZone = 'UTC',
): MappedPage {
  const all = readsPrivate(link.scope);
  const out: Required<MappedPage> = { runs: [], rejected: [], hidden: [] };
  for (const a of activities) {
    if (a === null || typeof a !== 'object' || a.id === undefined || a.id === null) continue;
    if (!all && (a.private === true || a.visibility === 'only_me')) {
      out.hidden.push(String(a.id));
      continue;
    }
    const m = mapActivity(link.user_id, a, profileZone);
    if ('run' in m) out.runs.push(m.run);
    else if ('reject' in m) out.rejected.push(rejectionOf(a, m.reject));
    else out.hidden.push(String(a.id));
  }
  return out;
}

/** The runs of a page (tests, tools). */
export const runsOf = (link: Pick<LinkRow, 'user_id' | 'scope'>, activities: SummaryActivity[]): RunInput[] =>
  mapActivities(link, activities).runs;

/** The runner's profile zone when an activity of the page has no zone of its own (asked only then). */
async function zoneFor(deps: StravaDeps, userId: string, activities: SummaryActivity[]): Promise<string> {
  const zoneless = activities.some((a) => a !== null && typeof a === 'object' && activityZone(a) === null);
  return zoneless && deps.profileZone ? deps.profileZone(userId) : 'UTC';
}

async function postBatch(deps: StravaDeps, runs: RunInput[]) {
  const res = await deps.data.post<BatchResult>('/runs/batch', { body: { runs } });
  if (res.status === 200) return { ok: true as const, body: res.body };
  if (res.status === 400) {
    const b = res.body as unknown as { message?: string };
    return { ok: false as const, reason: typeof b?.message === 'string' ? b.message : 'refused by the data service' };
  }
  throw new Error(`data service refused the batch: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
}

/**
 * Sends runs to the data service; remembers activity → run; returns how many were new. A batch
 * the data service refuses is sent again run by run: one bad activity is recorded as rejected,
 * with the data service's reason, and never blocks the others.
 */
export async function storeRuns(deps: StravaDeps, userId: string, page: MappedPage): Promise<number> {
  const rejected = [...page.rejected];
  const stored: BatchResult['runs'] = [];
  let added = 0;
  if (page.runs.length) {
    const whole = await postBatch(deps, page.runs);
    if (whole.ok) {
      stored.push(...whole.body.runs);
      added += whole.body.added;
    } else {
      for (const run of page.runs) {
        const one = await postBatch(deps, [run]);
        if (one.ok) {
          stored.push(...one.body.runs);
          added += one.body.added;
        } else
          rejected.push({ activity_id: run.source_id, name: run.name, start_time: run.start_time, reason: one.reason });
      }
    }
  }
  const byId = new Map(page.runs.map((r) => [r.source_id, r]));
  const rows = stored.map((r) => {
    const run = byId.get(r.source_id);
    return {
      activity_id: r.source_id,
      user_id: userId,
      run_id: r.id,
      start_epoch: run ? Math.floor(Date.parse(run.start_time) / 1000) : null,
      streams_state: null,
      streams_attempts: 0,
      streams_until: null,
      details_state: null,
      details_attempts: 0,
      details_until: null,
      summary_hash: run ? changeKey(run) : null,
    };
  });
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
  await recordRejections(
    deps,
    userId,
    rejected,
    rows.map((r) => r.activity_id),
  );
  return added;
}

/** Rejected activities are kept (one row each, the latest reason); one stored later is no longer rejected. */
async function recordRejections(deps: StravaDeps, userId: string, rejected: Rejection[], storedIds: string[]) {
  for (let i = 0; i < storedIds.length; i += 200)
    await deps.db
      .deleteFrom('strava_rejections')
      .where('activity_id', 'in', storedIds.slice(i, i + 200))
      .execute();
  if (rejected.length === 0) return;
  const at = new Date().toISOString();
  for (const r of rejected) {
    deps.logger.info({ user_id: userId, activity_id: r.activity_id, reason: r.reason }, 'strava activity rejected');
    await deps.db
      .insertInto('strava_rejections')
      .values({ ...r, user_id: userId, rejected_at: at })
      .onConflict((oc) => oc.column('activity_id').doUpdateSet({ reason: r.reason, name: r.name, rejected_at: at }))
      .execute();
  }
}

/** Title or sport changed on Strava since the run was stored: the change is applied to the run. */
export async function applyChanges(deps: StravaDeps, runs: RunInput[]): Promise<number> {
  if (runs.length === 0) return 0;
  const known = await deps.db
    .selectFrom('strava_imports')
    .select(['activity_id', 'run_id', 'summary_hash'])
    .where(
      'activity_id',
      'in',
      runs.map((r) => r.source_id),
    )
    .execute();
  const byId = new Map(known.map((k) => [k.activity_id, k]));
  let changed = 0;
  for (const run of runs) {
    const k = byId.get(run.source_id);
    const key = changeKey(run);
    if (!k || k.summary_hash === key) continue;
    if (k.summary_hash !== null) {
      const res = await deps.data.call('PATCH', `/runs/${k.run_id}`, {
        body: { name: run.name, sport_type: run.sport_type },
      });
      if (res.status !== 200 && res.status !== 404) throw new Error(`data service refused a change: ${res.status}`);
      changed++;
    }
    await deps.db
      .updateTable('strava_imports')
      .set({ summary_hash: key })
      .where('activity_id', '=', run.source_id)
      .execute();
  }
  return changed;
}

/** A page's runs stored, changes applied, hidden or no-longer-run activities detached. */
async function takePage(deps: StravaDeps, link: LinkRow, activities: SummaryActivity[]): Promise<void> {
  const page = mapActivities(link, activities, await zoneFor(deps, link.user_id, activities));
  await storeRuns(deps, link.user_id, page);
  await applyChanges(deps, page.runs);
  const hidden = page.hidden ?? [];
  if (hidden.length) {
    const known = await deps.db
      .selectFrom('strava_imports')
      .select('activity_id')
      .where('user_id', '=', link.user_id)
      .where('activity_id', 'in', hidden)
      .execute();
    await detachActivities(
      deps,
      link.user_id,
      known.map((k) => k.activity_id),
    );
  }
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
  await takePage(deps, link, data);
  const imported = await importedCount(deps, link.user_id);
  const starts = data.map(startEpoch).filter(Number.isFinite);
  if (starts.length === 0) {
    // Not one readable start on the page: the cursor cannot move; the history ends here.
    await save(deps, link.user_id, { backfill_done: 1, state: 'syncing', next_poll_at: now, last_turn_at: Date.now() });
    return;
  }
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

/**
 * Where the next poll starts: `after` filters on the start time, and an activity may be uploaded
 * days after it started (a watch synced late), so each poll looks back STRAVA_LATE_UPLOAD_DAYS
 * from now instead of starting at the newest start seen; what is already stored is not stored again.
 */
const lookBack = (deps: StravaDeps, now: number): number =>
  Math.max(0, Math.floor(now / 1000) - deps.settings.lateUploadSeconds);

/** The time until the next poll: a rare sweep while the webhook subscription is live. */
const pollInterval = (deps: StravaDeps): number =>
  deps.subscription.live() ? deps.settings.sweepIntervalMs : deps.settings.pollIntervalMs;

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
  const readable = data.map(startEpoch).filter(Number.isFinite);
  if (data.length > 0) await takePage(deps, link, data);
  // An empty page ends the poll; so does a page without one readable start (the cursor could not move).
  if (readable.length === 0) {
    await save(deps, link.user_id, {
      state: 'idle',
      after_cursor: lookBack(deps, now),
      next_poll_at: now + pollInterval(deps),
      last_sync_at: new Date(now).toISOString(),
      last_turn_at: Date.now(),
      failures: 0,
      retry_at: null,
      error_code: null,
      error_message: null,
    });
    return;
  }
  const imported = await importedCount(deps, link.user_id);
  const starts = readable;
  const newest = Math.max(...starts);
  await save(deps, link.user_id, {
    after_cursor: Math.max(after, newest),
    newest_start: Math.max(link.newest_start ?? 0, newest),
    imported,
    // The look-back re-reads activities already counted: only those newer than any seen are new.
    seen: link.seen + starts.filter((x) => x > (link.newest_start ?? 0)).length,
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

/**
 * Strava says these activities are gone (or no longer ours to show): each run loses its Strava
 * source; the data service deletes a run only when no other source (a file) backs it.
 */
export async function detachActivities(deps: StravaDeps, userId: string, activityIds: string[]): Promise<number> {
  if (activityIds.length === 0) return 0;
  const res = await deps.data.post<DetachResult>('/runs/detach', {
    body: { user_id: userId, source: 'strava', source_ids: activityIds },
  });
  if (res.status !== 200) throw new Error(`data service refused to detach: ${res.status}`);
  for (let i = 0; i < activityIds.length; i += 200)
    await deps.db
      .deleteFrom('strava_imports')
      .where('activity_id', 'in', activityIds.slice(i, i + 200))
      .execute();
  return res.body.deleted;
}

/** An event is given up after this many failed attempts (recorded, never retried forever). */
export const MAX_EVENT_ATTEMPTS = 5;

/** Every webhook event makes one API call: the event is only a hint, Strava is asked what is true. */
export const eventNeedsCall = (e: Pick<EventRow, 'object_type' | 'aspect_type'>) =>
  e.object_type === 'activity' || e.object_type === 'athlete';

async function finishEvent(deps: StravaDeps, link: LinkRow, event: Selectable<EventRow>): Promise<void> {
  await deps.db
    .updateTable('strava_events')
    .set({ processed_at: new Date().toISOString() })
    .where('id', '=', event.id)
    .execute();
  await save(deps, link.user_id, { last_turn_at: Date.now() });
}

/**
 * One webhook event of a linked athlete. Nothing in the event is trusted (Strava does not sign
 * them): the activity or athlete is re-read with the athlete's own token and what Strava answers
 * decides — a 404 activity is gone, a grant that can no longer be refreshed is deauthorised.
 */
export async function handleEvent(
  deps: StravaDeps,
  link: LinkRow,
  event: Selectable<EventRow>,
  permitHeld: boolean,
): Promise<void> {
  if (event.attempts >= MAX_EVENT_ATTEMPTS) {
    deps.logger.warn({ event: event.id, user_id: link.user_id }, 'strava event given up after repeated failures');
    return finishEvent(deps, link, event);
  }
  await deps.db
    .updateTable('strava_events')
    .set({ attempts: event.attempts + 1 })
    .where('id', '=', event.id)
    .execute();
  if (event.object_type === 'athlete') {
    try {
      await callStrava(deps, link, (t) => deps.strava.athlete(t), permitHeld);
    } catch (err) {
      if (!(err instanceof NeedsReauthError) || err.code !== 'needs_reauth') throw err;
      // Strava no longer honours the grant: deauthorised. The tokens are dead; the runs stay.
      await removeLink(deps.db, link);
      return;
    }
  } else if (event.object_type === 'activity') {
    let activity: SummaryActivity | null = null;
    try {
      activity = (await callStrava(deps, link, (t) => deps.strava.activity(t, event.object_id), permitHeld)).data;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    if (activity && String(activity.athlete?.id ?? link.athlete_id) !== link.athlete_id) activity = null;
    const mapped = activity
      ? mapActivities(link, [activity], await zoneFor(deps, link.user_id, [activity]))
      : { runs: [], rejected: [] };
    const run = mapped.runs[0];
    if (!run) {
      // Gone, hidden from us, or no longer a run: the run loses its Strava source.
      await detachActivities(deps, link.user_id, [event.object_id]);
      if (mapped.rejected.length) await storeRuns(deps, link.user_id, mapped);
    } else {
      const added = await storeRuns(deps, link.user_id, mapped);
      await applyChanges(deps, [run]);
      await detailsFromEvent(deps, link.user_id, event.object_id, activity as DetailedActivity);
      if (added)
        await save(deps, link.user_id, {
          imported: await importedCount(deps, link.user_id),
          last_sync_at: new Date(await deps.clock.now()).toISOString(),
        });
    }
  }
  await finishEvent(deps, link, event);
}

/**
 * A webhook's activity is the detailed one: its calories, laps, splits and best efforts are
 * given to the run at once (no call of its own later). A failure leaves it to the spare-budget job.
 */
async function detailsFromEvent(
  deps: StravaDeps,
  userId: string,
  activityId: string,
  activity: DetailedActivity,
): Promise<void> {
  const imported = await deps.db
    .selectFrom('strava_imports')
    .select('run_id')
    .where('activity_id', '=', activityId)
    .executeTakeFirst();
  if (!imported) return;
  try {
    const given = await giveDetails(deps, userId, imported.run_id, activity);
    await deps.db
      .updateTable('strava_imports')
      .set({ details_state: given ? 'done' : 'none', details_until: null })
      .where('activity_id', '=', activityId)
      .execute();
  } catch (err) {
    deps.logger.info({ err, activity_id: activityId }, 'strava details of a webhook activity: left for later');
  }
}
