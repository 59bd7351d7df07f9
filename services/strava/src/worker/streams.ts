// Work done only from spare rate-limit budget: when no link has other work for this lane, and
// only when the current window keeps free what pending backfills, webhook events and due polls
// still need. In this order: the athlete's shoes (`GET /athlete`, daily), then each backfilled
// runner's runs newest first over the whole history (or the operator's cap): the streams
// (`/activities/{id}/streams` → `PUT /runs/{runId}/streams`), then the detailed activity
// (`/activities/{id}` → `PUT /runs/{runId}/details`). One call per turn, a few tries per run.
import { sql } from 'kysely';
import type { Lap, RunDetails, RunStreams, Split, StravaShoes } from '@runnerly/contracts';
import {
  NotFoundError,
  TransientError,
  type DetailedActivity,
  type StreamSet,
  type SummaryAthlete,
} from '@runnerly/strava-client';
import type { ImportRow, LinkRow } from '../tables.ts';
import type { StravaDeps, StravaSettings } from '../deps.ts';
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

type Kind = 'streams' | 'details';
/** The operator's caps on each kind of spare work. */
type SpareCaps = Pick<StravaSettings, 'streamsRecent' | 'detailsRecent'>;
const COLUMNS = {
  streams: { state: 'streams_state', attempts: 'streams_attempts', until: 'streams_until' },
  details: { state: 'details_state', attempts: 'details_attempts', until: 'details_until' },
} as const;

/** How often the athlete's shoes are read again (a new pair, a retired one). */
export const SHOES_EVERY_MS = 24 * 3600_000;

interface RunJob {
  kind: Kind;
  activity_id: string;
  user_id: string;
  run_id: string;
  attempts: number;
  start_epoch: number;
}

/** The cap on a kind of job (null: the whole history, 0: never). */
export function capOf(deps: { settings: SpareCaps }, kind: Kind): number | null {
  return kind === 'streams' ? deps.settings.streamsRecent : (deps.settings.detailsRecent ?? null);
}

/**
 * The query of `runJobs` (null when the kind is off): read newest first through the index of the
 * runs still wanting that kind (`strava_imports_<kind>_wanted`), so that it stops at `limit`
 * however many runs were imported.
 */
export function runJobsQuery(
  deps: Pick<StravaDeps, 'db'> & { settings: SpareCaps },
  kind: Kind,
  wall: number,
  limit = 4,
) {
  const cap = capOf(deps, kind);
  if (cap === 0) return null;
  const c = COLUMNS[kind];
  // A cross join with the condition in the WHERE: SQLite then reads the runs first (its join-order
  // rule), through the index in the order asked for; PostgreSQL plans it as the inner join it is.
  let q = deps.db
    .selectFrom('strava_imports as i')
    .crossJoin('strava_links as l')
    .whereRef('l.user_id', '=', 'i.user_id')
    .select(['i.activity_id', 'i.user_id', 'i.run_id', `i.${c.attempts} as attempts`, 'i.start_epoch'])
    .where('l.backfill_done', '=', 1)
    .where('l.state', '!=', 'needs_reauth')
    // Spare budget is the instance application's: runners with their own application get none yet.
    .where('l.app_client_id', 'is', null)
    .where(`i.${c.state}`, 'is', null)
    .where('i.start_epoch', 'is not', null)
    .where((eb) => eb.or([eb(`i.${c.until}`, 'is', null), eb(`i.${c.until}`, '<', wall)]));
  if (cap !== null) {
    const newer = sql<number>`(select count(*) from strava_imports j where j.user_id = i.user_id and j.start_epoch > i.start_epoch)`;
    q = q.where(newer, '<', cap);
  }
  return q.orderBy('i.start_epoch', 'desc').limit(limit);
}

/** Runs wanting this kind of job now: each backfilled runner's runs (or their `cap` newest), newest first. */
export async function runJobs(
  deps: Pick<StravaDeps, 'db'> & { settings: SpareCaps },
  kind: Kind,
  wall: number,
  limit = 4,
): Promise<RunJob[]> {
  const rows = (await runJobsQuery(deps, kind, wall, limit)?.execute()) ?? [];
  return rows.map((r) => ({ ...r, kind, attempts: Number(r.attempts), start_epoch: Number(r.start_epoch) }));
}

/**
 * Links whose shoes are due: a live link whose grant lets `GET /athlete` list them
 * (profile:read_all), those never read first, then the longest overdue (through the index on
 * `shoes_next_at`).
 */
export async function shoeJobs(deps: Pick<StravaDeps, 'db'>, wall: number, limit = 4): Promise<string[]> {
  const live = () =>
    deps.db
      .selectFrom('strava_links')
      .select('user_id')
      .where('state', '!=', 'needs_reauth')
      .where('app_client_id', 'is', null)
      .where('scope', 'like', '%profile:read_all%');
  const never = await live().where('shoes_next_at', 'is', null).limit(limit).execute();
  const overdue =
    never.length < limit
      ? await live()
          .where('shoes_next_at', '<', wall)
          .orderBy('shoes_next_at')
          .limit(limit - never.length)
          .execute()
      : [];
  return [...never, ...overdue].map((r) => r.user_id);
}

/** How far a runner's charts have come: runs whose streams are settled, of those wanted. */
export async function chartsProgress(deps: StravaDeps, userId: string): Promise<{ done: number; total: number }> {
  const row = await deps.db
    .selectFrom('strava_imports')
    .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('streams_state').as('done')])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  const cap = capOf(deps, 'streams');
  const total = cap === null ? Number(row?.n ?? 0) : Math.min(cap, Number(row?.n ?? 0));
  return { done: Math.min(total, Number(row?.done ?? 0)), total };
}

/**
 * One call if there is spare work and spare budget for it; false when this lane should idle
 * instead. Never waits for a window: spare budget or nothing.
 */
export async function spareTurn(deps: StravaDeps, leaseMs: number): Promise<boolean> {
  const wall = Date.now();
  const shoes = await shoeJobs(deps, wall);
  // Newest run first; at the same run, its streams (the charts) before its details.
  const runs = [...(await runJobs(deps, 'streams', wall)), ...(await runJobs(deps, 'details', wall))].sort(
    (a, b) => b.start_epoch - a.start_epoch || (a.kind === 'streams' ? -1 : 1),
  );
  if (shoes.length === 0 && runs.length === 0) return false;
  const now = await deps.clock.now();
  const need = await pendingNeed(deps, now);
  if (!Number.isFinite(need) || !(await deps.scheduler.tryAcquireSpare(now, need))) return false;
  for (const userId of shoes) {
    const won = await deps.db
      .updateTable('strava_links')
      .set({ shoes_next_at: wall + leaseMs })
      .where('user_id', '=', userId)
      .where((eb) => eb.or([eb('shoes_next_at', 'is', null), eb('shoes_next_at', '<', wall)]))
      .returning('user_id')
      .executeTakeFirst();
    if (won) {
      await fetchShoes(deps, userId);
      return true;
    }
  }
  for (const j of runs) {
    const c = COLUMNS[j.kind];
    const won = await deps.db
      .updateTable('strava_imports')
      .set({ [c.until]: wall + leaseMs } as Partial<ImportRow>)
      .where('activity_id', '=', j.activity_id)
      .where(c.state, 'is', null)
      .where((eb) => eb.or([eb(c.until, 'is', null), eb(c.until, '<', wall)]))
      .returning('activity_id')
      .executeTakeFirst();
    if (won) {
      await runJob(deps, j);
      return true;
    }
  }
  await deps.scheduler.release(await deps.clock.now());
  return true;
}

async function finish(
  deps: StravaDeps,
  job: RunJob,
  changes: { state?: string | null; attempts?: number; until: number | null },
): Promise<void> {
  const c = COLUMNS[job.kind];
  const set: Record<string, unknown> = { [c.until]: changes.until };
  if (changes.state !== undefined) set[c.state] = changes.state;
  if (changes.attempts !== undefined) set[c.attempts] = changes.attempts;
  await deps.db
    .updateTable('strava_imports')
    .set(set as Partial<ImportRow>)
    .where('activity_id', '=', job.activity_id)
    .execute();
}

const linkOf = (deps: StravaDeps, userId: string): Promise<LinkRow | undefined> =>
  deps.db.selectFrom('strava_links').selectAll().where('user_id', '=', userId).executeTakeFirst();

/** Fetches one run's streams or details (the permit is already taken) and gives them to the data service. */
async function runJob(deps: StravaDeps, job: RunJob): Promise<void> {
  const link = await linkOf(deps, job.user_id);
  if (!link) {
    await deps.scheduler.release(await deps.clock.now());
    await finish(deps, job, { until: null });
    return;
  }
  try {
    const sent = job.kind === 'streams' ? await sendStreams(deps, link, job) : await sendDetails(deps, link, job);
    await finish(deps, job, { state: sent ? 'done' : 'none', until: null });
  } catch (err) {
    if (err instanceof RateLimitedRetry || err instanceof NeedsReauthError) {
      await finish(deps, job, { until: null });
      return;
    }
    const attempts = job.attempts + 1;
    deps.logger[err instanceof TransientError ? 'info' : 'warn'](
      { err, activity_id: job.activity_id, attempts },
      `strava ${job.kind}: will retry`,
    );
    await finish(
      deps,
      job,
      attempts >= MAX_ATTEMPTS
        ? { state: 'failed', attempts, until: null }
        : { attempts, until: Date.now() + Math.min(600_000, 1000 * 4 ** attempts) },
    );
  }
}

/** True when the data service took them; false when there are none (Strava has none, the run or activity is gone). */
async function sendStreams(deps: StravaDeps, link: LinkRow, job: RunJob): Promise<boolean> {
  let set: StreamSet | null = null;
  try {
    set = (await callStrava(deps, link, (t) => deps.strava.streams(t, job.activity_id), true)).data;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  const streams = set ? toRunStreams(set) : null;
  if (!streams) return false;
  return sent(await deps.data.put(`/runs/${job.run_id}/streams`, { body: streams }), 'streams', job.run_id);
}

async function sendDetails(deps: StravaDeps, link: LinkRow, job: RunJob): Promise<boolean> {
  let activity: DetailedActivity | null = null;
  try {
    activity = (await callStrava(deps, link, (t) => deps.strava.activity(t, job.activity_id), true)).data;
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }
  if (!activity) return false;
  return giveDetails(deps, job.user_id, job.run_id, activity);
}

/**
 * What a detailed activity adds to its run (and the name of its shoes), given to the data
 * service; false when it adds nothing or the run is gone. Also used for a webhook's activity.
 */
export async function giveDetails(
  deps: StravaDeps,
  userId: string,
  runId: string,
  activity: DetailedActivity,
): Promise<boolean> {
  const shoe = shoeOf(activity.gear, activity.gear_id);
  if (shoe) {
    const res = await deps.data.put(`/users/${userId}/gear/strava`, { body: { shoes: [shoe] } });
    if (res.status !== 200) deps.logger.warn({ status: res.status, run_id: runId }, 'shoe name refused');
  }
  const details = toRunDetails(activity);
  if (!details) return false;
  return sent(await deps.data.put(`/runs/${runId}/details`, { body: details }), 'details', runId);
}

function sent(res: { status: number; body: unknown }, what: string, runId: string): boolean {
  if (res.status === 404) return false;
  if (res.status === 204 || res.status === 200) return true;
  throw new Error(
    `data service refused the ${what} of run ${runId}: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`,
  );
}

/** Reads the athlete's shoes (the permit is already taken) and gives them to the data service. */
async function fetchShoes(deps: StravaDeps, userId: string): Promise<void> {
  const link = await linkOf(deps, userId);
  if (!link) {
    await deps.scheduler.release(await deps.clock.now());
    return;
  }
  const next = (ms: number) =>
    deps.db.updateTable('strava_links').set({ shoes_next_at: ms }).where('user_id', '=', userId).execute();
  try {
    const athlete = (await callStrava(deps, link, (t) => deps.strava.athlete(t), true)).data;
    const shoes = toStravaShoes(athlete);
    if (shoes.shoes.length) {
      const res = await deps.data.put(`/users/${userId}/gear/strava`, { body: shoes });
      if (res.status !== 200)
        throw new Error(`data service refused the shoes: ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
    }
    await next(Date.now() + SHOES_EVERY_MS);
  } catch (err) {
    if (!(err instanceof RateLimitedRetry || err instanceof NeedsReauthError))
      deps.logger.info({ err, user_id: userId }, 'strava shoes: will retry');
    await next(Date.now() + 10 * 60_000);
  }
}

const gearIdOk = (v: unknown): v is string => typeof v === 'string' && /^[A-Za-z0-9_-]{1,40}$/.test(v);
const text = (v: unknown, max: number) => (typeof v === 'string' ? v.trim().slice(0, max) : '');

function shoeOf(gear: unknown, gearId?: unknown): StravaShoes['shoes'][number] | null {
  const g = gear as { id?: unknown; name?: unknown; retired?: unknown } | null | undefined;
  if (!g || !gearIdOk(g.id) || (gearId !== undefined && g.id !== gearId)) return null;
  const name = text(g.name, 100);
  return name ? { strava_gear_id: g.id, name, ...(g.retired === true ? { retired: true } : {}) } : null;
}

/** `GET /athlete`'s shoes (a detailed athlete: profile:read_all) → the data service's list. */
export function toStravaShoes(athlete: SummaryAthlete): StravaShoes {
  const list = (athlete as { shoes?: unknown }).shoes;
  const shoes = Array.isArray(list) ? list.map((g) => shoeOf(g)).filter((g) => g !== null) : [];
  return { shoes: shoes.slice(0, 200) };
}

const time = (v: unknown) => (finite(v) && v >= 0 ? Math.min(v, 30 * 86400) : null);
const metres = (v: unknown) => (finite(v) && v >= 0 ? Math.min(v, 1_000_000) : null);
const orNull = (v: unknown) => (finite(v) ? v : null);

function splitsOf(list: unknown): Split[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: Split[] = [];
  for (const [i, s] of (list as Array<Record<string, unknown>>).entries()) {
    const d = metres(s?.distance),
      e = time(s?.elapsed_time),
      m = time(s?.moving_time);
    if (d === null || e === null || m === null) continue;
    out.push({
      index: Number.isInteger(s.split) && (s.split as number) >= 1 ? (s.split as number) : i + 1,
      distance_m: d,
      elapsed_time_s: e,
      moving_time_s: m,
      elevation_difference_m: orNull(s.elevation_difference),
      average_heartrate: orNull(s.average_heartrate),
    });
  }
  return out.length ? out.slice(0, 1000) : undefined;
}

function lapsOf(list: unknown): Lap[] | undefined {
  if (!Array.isArray(list) || list.length === 0) return undefined;
  const out: Lap[] = [];
  for (const [i, l] of (list as Array<Record<string, unknown>>).entries()) {
    const d = metres(l?.distance),
      e = time(l?.elapsed_time),
      m = time(l?.moving_time);
    if (d === null || e === null || m === null) continue;
    const gain = l.total_elevation_gain;
    out.push({
      index: Number.isInteger(l.lap_index) && (l.lap_index as number) >= 1 ? (l.lap_index as number) : i + 1,
      ...(text(l.name, 100) ? { name: text(l.name, 100) } : {}),
      distance_m: d,
      elapsed_time_s: e,
      moving_time_s: m,
      elevation_gain_m: finite(gain) && gain >= 0 ? gain : null,
      average_heartrate: orNull(l.average_heartrate),
    });
  }
  return out.length ? out.slice(0, 1000) : undefined;
}

/**
 * Strava's detailed activity → what the data service adds to the run (null when it tells
 * nothing more): description, calories, laps, splits per km and per mile, best efforts.
 */
export function toRunDetails(a: DetailedActivity): RunDetails | null {
  const out: RunDetails = {};
  const description = text(a.description, 10_000);
  if (description) out.description = description;
  const calories = (a as { calories?: unknown }).calories;
  if (finite(calories) && calories > 0) out.calories = Math.min(calories, 100_000);
  const laps = lapsOf((a as { laps?: unknown }).laps);
  if (laps) out.laps = laps;
  const km = splitsOf(a.splits_metric);
  if (km) out.splits_km = km;
  const mi = splitsOf(a.splits_standard);
  if (mi) out.splits_mi = mi;
  if (Array.isArray(a.best_efforts)) {
    const efforts = a.best_efforts
      .filter((b) => text(b?.name, 40) && metres(b.distance) !== null && time(b.elapsed_time) !== null)
      .map((b) => ({ name: text(b.name, 40), distance_m: metres(b.distance)!, elapsed_time_s: time(b.elapsed_time)! }))
      .slice(0, 20);
    if (efforts.length) out.best_efforts = efforts;
  }
  return Object.keys(out).length ? out : null;
}
