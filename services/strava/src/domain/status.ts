import type { StravaStatus } from '@runnerly/contracts';
import type { StravaDeps } from '../deps.ts';
import type { LinkRow } from '../tables.ts';
import { LEASE_MS } from '../worker/engine.ts';
import { PAGE_SIZE } from '../worker/import.ts';
import { rejectionsOf } from '../store.ts';
import { chartsProgress } from '../worker/streams.ts';

/**
 * Milliseconds until a claim nobody renews any more lapses (its worker died: kill -9, a
 * crash), 0 while the claim is fresh or free. A live worker renews every third of the lease,
 * so a claim with less than half of it left has missed its renewals.
 */
export function staleLeaseWaitMs(l: Pick<LinkRow, 'lease_until'>, leaseMs: number, wall: number): number {
  if (!l.lease_until || l.lease_until <= wall) return 0;
  const left = l.lease_until - wall;
  return left < leaseMs / 2 ? left : 0;
}

/** Activities in the whole history, extrapolated from the pages seen and the athlete's sign-up date. */
export function totalEstimate(
  l: Pick<LinkRow, 'backfill_done' | 'seen' | 'newest_start' | 'backfill_before' | 'athlete_created'>,
): number | null {
  if (l.backfill_done) return l.seen;
  if (!l.newest_start || !l.backfill_before || !l.athlete_created || l.newest_start <= l.backfill_before) return null;
  const rate = l.seen / (l.newest_start - l.backfill_before);
  return Math.max(l.seen, Math.round(rate * (l.newest_start - Math.min(l.athlete_created, l.backfill_before))));
}

export async function statusOf(deps: StravaDeps, userId: string): Promise<StravaStatus> {
  const l = await deps.db.selectFrom('strava_links').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (!l) {
    return {
      linked: false,
      athlete: null,
      state: 'unlinked',
      scope: null,
      imported: 0,
      total_estimate: null,
      pages_done: 0,
      backfill_done: false,
      last_sync_at: null,
      eta_seconds: null,
      error: null,
      rejected: [],
      rejected_count: 0,
      charts: { done: 0, total: 0 },
    };
  }
  const a = JSON.parse(l.athlete_json) as Record<string, unknown>;
  const str = (v: unknown) => (typeof v === 'string' ? v : null);
  const total = totalEstimate(l);
  let eta: number | null = null;
  if (l.state === 'needs_reauth') eta = null;
  else if (l.backfill_done) eta = 0;
  else {
    const myPages =
      total === null ? (l.pages_done === 0 ? 1 : null) : Math.ceil(Math.max(0, total - l.seen) / PAGE_SIZE) + 1;
    if (myPages !== null) {
      const active = await deps.db
        .selectFrom('strava_links')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('backfill_done', '=', 0)
        .where('state', '!=', 'needs_reauth')
        // The backfills sharing this link's application's budget.
        .where((eb) =>
          l.app_client_id === null ? eb('app_client_id', 'is', null) : eb('app_client_id', '=', l.app_client_id),
        )
        .executeTakeFirst();
      const calls = myPages * Math.max(1, Number(active?.n ?? 1));
      eta = await deps.scheduler.forApp(l.app_client_id).etaSeconds(calls, await deps.clock.now());
      // A dead worker's claim holds the backfill until it lapses: that wait comes first.
      const wait = staleLeaseWaitMs(l, deps.settings.leaseMs ?? LEASE_MS, Date.now());
      if (eta !== null && wait > 0) eta += Math.ceil(wait / 1000);
    }
  }
  return {
    linked: true,
    athlete: { id: l.athlete_id, firstname: str(a.firstname), lastname: str(a.lastname), profile: str(a.profile) },
    state: l.state,
    scope: l.scope,
    imported: l.imported,
    total_estimate: total,
    pages_done: l.pages_done,
    backfill_done: l.backfill_done === 1,
    last_sync_at: l.last_sync_at,
    eta_seconds: eta,
    error: l.error_code ? { code: l.error_code, message: l.error_message ?? '' } : null,
    ...(await rejectionsOf(deps.db, userId)),
    charts: await chartsProgress(deps, userId),
  };
}
