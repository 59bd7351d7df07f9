// Streams for runners' recent runs, fetched only from spare rate-limit budget: after a
// runner's backfill is done, when no link has other work for this lane, and only when the
// current window keeps free what pending backfills, webhook events and due polls still need.
// One call per run (`/activities/{id}/streams`), newest runs first, attached with the data
// service's `PUT /runs/{runId}/streams`. Details (splits, best efforts) are not fetched.
import { sql } from 'kysely';
import type { RunStreams } from '@runnerly/contracts';
import { NotFoundError, TransientError, type StreamSet } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import { NeedsReauthError } from '../errors.ts';
import { totalEstimate } from '../domain/status.ts';
import { callStrava, RateLimitedRetry } from './strava-call.ts';

const PAGE_SIZE = 200;
/** Give up on a run's streams after this many failed tries. */
const MAX_ATTEMPTS = 5;

const finite = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);

/** Strava's streams (key_by_type) → the data service's series; null when there is no usable time series. */
export function toRunStreams(set: StreamSet): RunStreams | null {
  const time = set.time?.data;
  if (!Array.isArray(time) || time.length === 0 || time.length > 200_000 || !time.every((t) => finite(t) && t >= 0))
    return null;
  const n = time.length;
  const out: RunStreams = { time };
  const series = (key: string): unknown[] | null => {
    const d = set[key]?.data;
    return Array.isArray(d) && d.length === n ? d : null;
  };
  const distance = series('distance');
  if (distance && distance.every(finite)) out.distance = distance;
  const latlng = series('latlng');
  if (
    latlng &&
    latlng.every(
      (p) =>
        Array.isArray(p) &&
        p.length === 2 &&
        finite(p[0]) &&
        finite(p[1]) &&
        Math.abs(p[0]) <= 90 &&
        Math.abs(p[1]) <= 180,
    )
  ) {
    out.latlng = latlng as Array<[number, number]>;
  }
  const altitude = series('altitude');
  if (altitude) out.altitude = altitude.map((v) => (finite(v) ? v : null));
  const heartrate = series('heartrate');
  if (heartrate) out.heartrate = heartrate.map((v) => (finite(v) && v >= 0 ? v : null));
  // Strava's running cadence counts one leg: steps per minute are twice that.
  const cadence = series('cadence');
  if (cadence) out.cadence = cadence.map((v) => (finite(v) && v >= 0 ? v * 2 : null));
  return out;
}

/**
 * Calls that pending work still needs, which streams must leave free: unprocessed webhook
 * events, the remaining pages of every backfill (Infinity while a backfill's size is
 * unknown, i.e. before its first pages), and due polls.
 */
export async function pendingNeed(deps: StravaDeps, now: number): Promise<number> {
  const events = await deps.db
    .selectFrom('strava_events')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('processed_at', 'is', null)
    .where('object_type', '=', 'activity')
    .where('aspect_type', 'in', ['create', 'update'])
    .executeTakeFirst();
  let need = Number(events?.n ?? 0);
  const backfills = await deps.db
    .selectFrom('strava_links')
    .select(['backfill_done', 'seen', 'newest_start', 'backfill_before', 'athlete_created'])
    .where('state', '!=', 'needs_reauth')
    .where('backfill_done', '=', 0)
    .execute();
  for (const l of backfills) {
    const total = totalEstimate(l);
    if (total === null) return Infinity;
    need += Math.ceil(Math.max(0, total - l.seen) / PAGE_SIZE) + 1;
  }
  const polls = await deps.db
    .selectFrom('strava_links')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('state', '!=', 'needs_reauth')
    .where('backfill_done', '=', 1)
    .where('next_poll_at', '<=', now)
    .executeTakeFirst();
  return need + Number(polls?.n ?? 0);
}

interface StreamJob {
  activity_id: string;
  user_id: string;
  run_id: string;
  streams_attempts: number;
}

/** Runs whose streams are wanted now: among each backfilled runner's `recent` newest, newest first. */
export async function streamJobs(deps: StravaDeps, wall: number, limit = 4): Promise<StreamJob[]> {
  const recent = deps.settings.streamsRecent;
  if (recent <= 0) return [];
  const newer = sql<number>`(select count(*) from strava_imports j where j.user_id = i.user_id and j.start_epoch > i.start_epoch)`;
  return (
    deps.db
      .selectFrom('strava_imports as i')
      .innerJoin('strava_links as l', 'l.user_id', 'i.user_id')
      .select(['i.activity_id', 'i.user_id', 'i.run_id', 'i.streams_attempts'])
      .where('l.backfill_done', '=', 1)
      .where('l.state', '!=', 'needs_reauth')
      // Spare budget is the instance application's: runners with their own application get no streams yet.
      .where('l.app_client_id', 'is', null)
      .where('i.streams_state', 'is', null)
      .where('i.start_epoch', 'is not', null)
      .where((eb) => eb.or([eb('i.streams_until', 'is', null), eb('i.streams_until', '<', wall)]))
      .where(newer, '<', recent)
      .orderBy('i.start_epoch', 'desc')
      .limit(limit)
      .execute()
  );
}

/**
 * One streams call if there is a wanted run and spare budget for it; false when this lane
 * should idle instead. Never waits for a window: spare budget or nothing.
 */
export async function streamsTurn(deps: StravaDeps, leaseMs: number): Promise<boolean> {
  const wall = Date.now();
  const jobs = await streamJobs(deps, wall);
  if (jobs.length === 0) return false;
  const now = await deps.clock.now();
  const need = await pendingNeed(deps, now);
  if (!Number.isFinite(need) || !(await deps.scheduler.tryAcquireSpare(now, need))) return false;
  let job: StreamJob | undefined;
  for (const j of jobs) {
    const won = await deps.db
      .updateTable('strava_imports')
      .set({ streams_until: wall + leaseMs })
      .where('activity_id', '=', j.activity_id)
      .where('streams_state', 'is', null)
      .where((eb) => eb.or([eb('streams_until', 'is', null), eb('streams_until', '<', wall)]))
      .returning('activity_id')
      .executeTakeFirst();
    if (won) {
      job = j;
      break;
    }
  }
  if (!job) {
    await deps.scheduler.release(await deps.clock.now());
    return true;
  }
  await fetchStreams(deps, job);
  return true;
}

async function finish(
  deps: StravaDeps,
  activityId: string,
  changes: { streams_state?: string | null; streams_attempts?: number; streams_until: number | null },
): Promise<void> {
  await deps.db.updateTable('strava_imports').set(changes).where('activity_id', '=', activityId).execute();
}

/** Fetches one run's streams (the permit is already taken) and attaches them to the run. */
async function fetchStreams(deps: StravaDeps, job: StreamJob): Promise<void> {
  const link = await deps.db
    .selectFrom('strava_links')
    .selectAll()
    .where('user_id', '=', job.user_id)
    .executeTakeFirst();
  if (!link) {
    await deps.scheduler.release(await deps.clock.now());
    await finish(deps, job.activity_id, { streams_until: null });
    return;
  }
  try {
    let set: StreamSet | null = null;
    try {
      set = (await callStrava(deps, link, (t) => deps.strava.streams(t, job.activity_id), true)).data;
    } catch (err) {
      if (!(err instanceof NotFoundError)) throw err;
    }
    const streams = set ? toRunStreams(set) : null;
    if (!streams) {
      await finish(deps, job.activity_id, { streams_state: 'none', streams_until: null });
      return;
    }
    const res = await deps.data.put(`/runs/${job.run_id}/streams`, { body: streams });
    if (res.status === 404) await finish(deps, job.activity_id, { streams_state: 'none', streams_until: null });
    else if (res.status === 204 || res.status === 200)
      await finish(deps, job.activity_id, { streams_state: 'done', streams_until: null });
    else
      throw new Error(
        `data service refused the streams of run ${job.run_id}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
      );
  } catch (err) {
    if (err instanceof RateLimitedRetry || err instanceof NeedsReauthError) {
      await finish(deps, job.activity_id, { streams_until: null });
      return;
    }
    const attempts = job.streams_attempts + 1;
    deps.logger[err instanceof TransientError ? 'info' : 'warn'](
      { err, activity_id: job.activity_id, attempts },
      'strava streams: will retry',
    );
    await finish(
      deps,
      job.activity_id,
      attempts >= MAX_ATTEMPTS
        ? { streams_state: 'failed', streams_attempts: attempts, streams_until: null }
        : { streams_attempts: attempts, streams_until: Date.now() + Math.min(600_000, 1000 * 4 ** attempts) },
    );
  }
}
