// The import worker: a few lanes per process, each claiming the next link with work (round-robin:
// webhook events first, then runners who have no page yet, then backfills, least recently served
// first, then due polls, the longest overdue first) under a lease, so no two workers — in this
// process or another replica — ever work one link at once, then taking a permit from the budget
// of the link's application (the instance's, or the runner's own). An application with no budget
// left releases the claim and its links wait for its window (`budget_at`): other applications'
// links go on.
import { randomUUID } from 'node:crypto';
import { sql, type ExpressionBuilder } from 'kysely';
import { TransientError } from '@runnerly/strava-client';
import type { Spanner } from '@runnerly/service-kit';
import type { StravaDeps } from '../deps.ts';
import type { LinkRow, StravaTables } from '../tables.ts';
import { NeedsReauthError } from '../errors.ts';
import { sleep } from '../domain/clock.ts';
import { backfillPage, eventNeedsCall, handleEvent, incrementalPage } from './import.ts';
import { budgetOf, RateLimitedRetry } from './strava-call.ts';
import { spareTurn } from './streams.ts';

/** Default claim on a link (STRAVA_SYNC_LEASE_SECONDS); renewed every third of it while a turn runs. */
export const LEASE_MS = 10_000;

const pendingEvent = sql<boolean>`exists (select 1 from strava_events e where e.athlete_id = strava_links.athlete_id and e.processed_at is null)`;

/** A link free to claim: live, not claimed, not backing off, with budget in its application's window (unless `waiting`). */
function isFree(eb: ExpressionBuilder<StravaTables, 'strava_links'>, now: number, wall: number, waiting = false) {
  return eb.and([
    eb('state', '!=', 'needs_reauth'),
    eb.or([eb('lease_until', 'is', null), eb('lease_until', '<', wall)]),
    eb.or([eb('retry_at', 'is', null), eb('retry_at', '<=', wall)]),
    ...(waiting ? [] : [eb.or([eb('budget_at', 'is', null), eb('budget_at', '<=', now)])]),
  ]);
}

/**
 * A link free to claim with work due: a backfill, a due poll or a webhook event, and budget in
 * its application's window (unless `waiting`: also the links waiting only for their budget).
 */
function hasWork(eb: ExpressionBuilder<StravaTables, 'strava_links'>, now: number, wall: number, waiting = false) {
  return eb.and([
    isFree(eb, now, wall, waiting),
    eb.or([eb('backfill_done', '=', 0), eb('next_poll_at', '<=', now), pendingEvent]),
  ]);
}

/** The free links with work, one set per kind of work: a webhook event waiting, a backfill not done, a poll due. */
function kindsOfWork(deps: Pick<StravaDeps, 'db'>, now: number, wall: number, waiting: boolean) {
  const free = () => deps.db.selectFrom('strava_links').where((eb) => isFree(eb, now, wall, waiting));
  return {
    events: free().where('athlete_id', 'in', (eb) =>
      eb.selectFrom('strava_events').select('athlete_id').where('processed_at', 'is', null),
    ),
    backfills: free().where('backfill_done', '=', 0),
    polls: free().where('next_poll_at', '<=', now),
  };
}

/**
 * The best `limit` links of each kind of work, each read through an index of its own (so that a
 * turn costs the same with a thousand linked runners or a hundred thousand).
 */
export function workQueries(deps: Pick<StravaDeps, 'db'>, now: number, wall: number, limit = 8, waiting = false) {
  const kinds = kindsOfWork(deps, now, wall, waiting);
  const leastRecent = sql`coalesce(last_turn_at, 0)`;
  return {
    events: kinds.events.selectAll().orderBy(leastRecent).limit(limit),
    backfills: kinds.backfills
      .selectAll()
      .orderBy(sql`case when pages_done = 0 then 0 else 1 end`)
      .orderBy(leastRecent)
      .limit(limit),
    // The longest overdue first: read in the index's order, so that the query stops at `limit`.
    polls: kinds.polls.selectAll().orderBy('next_poll_at').limit(limit),
  };
}

/**
 * Links with work now, best first: a webhook event waiting, then runners who have no page yet,
 * then backfills (least recently served first within each), then due polls (the longest overdue
 * first). `now`: sync clock; `wall`: real time (leases, back-off).
 */
export async function candidates(
  deps: Pick<StravaDeps, 'db'>,
  now: number,
  wall: number,
  limit = 8,
  waiting = false,
): Promise<LinkRow[]> {
  const queries = workQueries(deps, now, wall, limit, waiting);
  const [events, backfills, polls] = await Promise.all([
    queries.events.execute(),
    queries.backfills.execute(),
    queries.polls.execute(),
  ]);
  // The best `limit` of all are among each query's best `limit`: a link in several counts once, at its first.
  const withEvent = new Set(events.map((l) => l.user_id));
  const rank = (l: LinkRow) => (withEvent.has(l.user_id) ? 0 : l.pages_done === 0 ? 1 : l.backfill_done === 0 ? 2 : 3);
  const links = new Map<string, LinkRow>();
  for (const l of [...events, ...backfills, ...polls]) if (!links.has(l.user_id)) links.set(l.user_id, l);
  const order = (l: LinkRow) => Number((rank(l) === 3 ? l.next_poll_at : l.last_turn_at) ?? 0);
  return [...links.values()].sort((a, b) => rank(a) - rank(b) || order(a) - order(b)).slice(0, limit);
}

async function claim(deps: StravaDeps, owner: string, now: number, leaseMs: number): Promise<LinkRow | undefined> {
  const wall = Date.now();
  for (const c of await candidates(deps, now, wall)) {
    const won = await deps.db
      .updateTable('strava_links')
      .set({ lease_owner: owner, lease_until: wall + leaseMs })
      .where('user_id', '=', c.user_id)
      // Still free and still due: another worker may have done this turn since the candidates were read.
      .where((eb) => hasWork(eb, now, wall))
      .returningAll()
      .executeTakeFirst();
    if (won) return won;
  }
  return undefined;
}

/** Keeps the claim alive while a turn runs (a slow call must not let another worker in). */
function heartbeat(deps: StravaDeps, link: LinkRow, owner: string, leaseMs: number): () => void {
  const timer = setInterval(
    () => {
      deps.db
        .updateTable('strava_links')
        .set({ lease_until: Date.now() + leaseMs })
        .where('user_id', '=', link.user_id)
        .where('lease_owner', '=', owner)
        .execute()
        .catch((err: unknown) => deps.logger.warn({ err }, 'strava worker: could not renew a lease'));
    },
    Math.max(100, Math.floor(leaseMs / 3)),
  );
  timer.unref();
  return () => clearInterval(timer);
}

/** When the earliest link that waits only for its application's window may go on (sync clock), if any. */
async function nextBudgetAt(deps: StravaDeps, now: number, wall: number): Promise<number | null> {
  const earliest = await Promise.all(
    Object.values(kindsOfWork(deps, now, wall, true)).map((q) =>
      q
        .select((eb) => eb.fn.min('budget_at').as('at'))
        .where('budget_at', '>', now)
        .executeTakeFirst(),
    ),
  );
  const at = earliest
    .map((row) => row?.at)
    .filter((a) => a != null)
    .map(Number);
  return at.length ? Math.min(...at) : null;
}

async function anyTurnRunning(deps: StravaDeps, wall: number): Promise<boolean> {
  const busy = await deps.db
    .selectFrom('strava_links')
    .select('user_id')
    .where('lease_until', '>=', wall)
    .executeTakeFirst();
  return !!busy;
}

/** The link's application has no budget before `until`: its links wait (the claim is released). */
async function waitForBudget(deps: StravaDeps, link: LinkRow, owner: string, until: number): Promise<void> {
  await deps.db
    .updateTable('strava_links')
    .set({ budget_at: until })
    .where((eb) =>
      link.app_client_id === null ? eb('app_client_id', 'is', null) : eb('app_client_id', '=', link.app_client_id),
    )
    .execute();
  await release(deps, link, owner);
}

async function release(deps: StravaDeps, link: LinkRow, owner: string): Promise<void> {
  await deps.db
    .updateTable('strava_links')
    .set({ lease_owner: null, lease_until: null })
    .where('user_id', '=', link.user_id)
    .where('lease_owner', '=', owner)
    .execute();
}

/** One turn for a claimed link; uses the permit already taken for its first API call. */
export async function turn(deps: StravaDeps, link: LinkRow): Promise<'called' | 'no-call'> {
  const event = await deps.db
    .selectFrom('strava_events')
    .selectAll()
    .where('athlete_id', '=', link.athlete_id)
    .where('processed_at', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  if (event) {
    await handleEvent(deps, link, event, true);
    return eventNeedsCall(event) ? 'called' : 'no-call';
  }
  if (link.backfill_done === 0) await backfillPage(deps, link, true);
  else await incrementalPage(deps, link, true);
  return 'called';
}

export interface Engine {
  wake(): void;
  stop(): Promise<void>;
  /** Resolves when no link has work left now (tests, bench). */
  idle(timeoutMs?: number): Promise<void>;
}

export interface EngineOptions {
  lanes?: number;
  idleMs?: number;
  /** How long a claim on a link lasts without renewal (default 60 s). */
  leaseMs?: number;
}

export function startEngine(deps: Omit<StravaDeps, 'wake'>, options: EngineOptions = {}): Engine {
  const owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  const controller = new AbortController();
  let wakeAt = new AbortController();
  const full = {
    ...deps,
    wake: () => {
      wakeAt.abort();
    },
  } as StravaDeps;
  const idleMs = options.idleMs ?? 500;
  const leaseMs = options.leaseMs ?? LEASE_MS;

  const traced: Spanner = deps.span ?? ((_name, work) => work());
  // This process's lanes between a claim and its release, and how many such spans have ended:
  // a lane moves the sync clock only when no other lane worked since it saw nothing to do.
  let working = 0;
  let ended = 0;
  const settled = (seen: number) => working === 0 && ended === seen;

  async function lane(): Promise<void> {
    while (!controller.signal.aborted) {
      const seen = ended;
      try {
        const now = await deps.clock.now();
        if ((await candidates(full, now, Date.now(), 1)).length === 0) {
          // Nothing that has budget now: shoes, streams and details, from spare budget only.
          if (await spareTurn(full, leaseMs)) continue;
          const woken = AbortSignal.any([controller.signal, wakeAt.signal]);
          // Links waiting only for their application's window: wait for it (moving the sync
          // clock there), a few seconds at a time on real time, so other work due meanwhile is seen.
          // Not while another turn runs: on the simulator's clock that would jump time under it.
          const reopens =
            !settled(seen) || (await anyTurnRunning(full, Date.now()))
              ? null
              : await nextBudgetAt(full, now, Date.now());
          if (reopens !== null && settled(seen))
            await deps.clock.waitUntil(
              reopens,
              AbortSignal.any([woken, AbortSignal.timeout(Math.max(idleMs, 5000))]),
              () => settled(seen),
            );
          else await sleep(idleMs, woken);
          if (wakeAt.signal.aborted) wakeAt = new AbortController();
          continue;
        }
        working += 1;
        try {
          await claimedTurn(now);
        } finally {
          working -= 1;
          ended += 1;
        }
      } catch (err) {
        if (controller.signal.aborted) break;
        deps.logger.warn({ err }, 'strava worker: turn failed');
        await sleep(idleMs, controller.signal);
      }
    }
  }

  async function claimedTurn(now: number): Promise<void> {
    const link = await claim(full, owner, now, leaseMs);
    if (!link) return;
    const budget = budgetOf(full, link);
    const permit = await budget.tryAcquire(await deps.clock.now());
    if (!permit.ok) {
      await waitForBudget(full, link, owner, permit.until);
      return;
    }
    const stopBeat = heartbeat(full, link, owner, leaseMs);
    try {
      const outcome = await traced('strava sync turn', () => turn(full, link), {
        'runnerly.user_id': link.user_id,
      });
      if (outcome === 'no-call') await budget.release(await deps.clock.now());
    } catch (err) {
      await onFailure(full, link, err);
    } finally {
      stopBeat();
      await release(full, link, owner);
    }
  }

  const lanes = Array.from({ length: options.lanes ?? 4 }, () => lane());
  return {
    wake: full.wake,
    async stop() {
      controller.abort();
      await Promise.allSettled(lanes);
    },
    async idle(timeoutMs = 60_000) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const busy = await deps.db
          .selectFrom('strava_links')
          .select('user_id')
          .where('lease_until', 'is not', null)
          .executeTakeFirst();
        if (!busy && (await candidates(full, await deps.clock.now(), Date.now(), 1, true)).length === 0) return;
        if (Date.now() > deadline) throw new Error('strava worker still busy');
        await sleep(25);
      }
    },
  };
}

/** Transient trouble: back off (real time) and try later; a dead grant stops the link. */
async function onFailure(deps: StravaDeps, link: LinkRow, err: unknown): Promise<void> {
  if (err instanceof RateLimitedRetry || err instanceof NeedsReauthError) return;
  const failures = link.failures + 1;
  const delay = Math.min(60_000, 250 * 2 ** Math.min(failures - 1, 8));
  const transient = err instanceof TransientError;
  deps.logger[transient ? 'info' : 'warn']({ err, user_id: link.user_id, failures }, 'strava sync: will retry');
  await deps.db
    .updateTable('strava_links')
    .set({
      failures,
      retry_at: Date.now() + delay,
      error_code: failures >= 3 ? (transient ? 'strava_unavailable' : 'sync_failed') : null,
      error_message:
        failures >= 3
          ? transient
            ? 'Strava is not answering right now; we will keep trying.'
            : 'Import failed; we will keep trying.'
          : null,
    })
    .where('user_id', '=', link.user_id)
    .execute();
}

/** The `strava.sync` job: the database says what to do, so the handler only wakes the worker (idempotent). */
export async function handle(_payload: { user_id?: string }, deps: Pick<StravaDeps, 'wake'>): Promise<void> {
  deps.wake();
}
