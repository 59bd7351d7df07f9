import { useCallback, useEffect } from 'react';
import type { StravaStatus } from '../api.ts';
import { momentIn } from '../format.ts';
import { useProfile } from '../profile.tsx';
import { useGet } from '../query.ts';
import { chartsText, timeAgo, timeLeft } from '../lib/progress.ts';
import { useSession } from '../session.tsx';

/** How often a page asks for the Strava status again, only while it is syncing. */
export const POLL_MS = 2000;
/** …and, more slowly, while the charts of the history are still being fetched. */
export const CHARTS_POLL_MS = 10_000;

/**
 * The signed-in runner's Strava status, loaded once and again every POLL_MS while syncing
 * (and, with `followCharts`, every CHARTS_POLL_MS while the history's charts are fetched).
 * `onLoad` hears each load's outcome: null, or a message saying why it failed (keep it stable).
 */
export function useStravaStatus(onLoad?: (error: string | null) => void, followCharts = false) {
  const { user } = useSession();
  const q = useGet<StravaStatus>(user ? `/api/strava/users/${user.id}/status` : null, {
    refetchInterval: (query) => {
      const s = query.state.data;
      if (s?.state === 'syncing') return POLL_MS;
      return followCharts && s && s.state !== 'needs_reauth' && s.charts && s.charts.done < s.charts.total
        ? CHARTS_POLL_MS
        : false;
    },
  });
  const failed = q.error ? q.error.message || 'The Strava status could not be loaded.' : null;
  const loaded = q.dataUpdatedAt || q.errorUpdatedAt;
  useEffect(() => {
    if (loaded) onLoad?.(failed);
  }, [loaded, failed, onLoad]);
  const reload = useCallback(async () => {
    await q.refetch();
  }, [q]);
  return { status: q.data ?? null, reload };
}

export function StateBadge({ status }: { status: StravaStatus }) {
  const label = {
    syncing: 'Syncing',
    idle: 'Up to date',
    needs_reauth: 'Needs reconnecting',
    unlinked: 'Not connected',
  }[status.state];
  return <span className={`badge badge-${status.state}`}>{label}</span>;
}

/** Imported so far, the estimated history, the time left and the last sync. */
export function SyncProgress({ status, compact = false }: { status: StravaStatus; compact?: boolean }) {
  const zone = useProfile().prefs.time_zone;
  const total = status.total_estimate;
  const seen = total === null ? null : status.backfill_done ? total : Math.min(total, status.pages_done * 200);
  const runs = `${status.imported} run${status.imported === 1 ? '' : 's'} imported`;
  const syncing = status.state === 'syncing' && !status.backfill_done;
  if (compact) {
    // One line (and a thin bar while syncing), for Home: the details stay on Connections.
    const syncingNow = status.state === 'syncing';
    return (
      <div className="sync sync-compact">
        <p className="sync-line">
          <span>
            {syncingNow
              ? status.backfill_done
                ? `Looking for new runs: ${runs}`
                : `Importing your history: ${runs}`
              : runs}
          </span>
          {!syncingNow && (
            <span className="meta">
              {status.last_sync_at ? (
                <>
                  last synced{' '}
                  <time dateTime={status.last_sync_at} title={momentIn(status.last_sync_at, zone)}>
                    {timeAgo(status.last_sync_at)}
                  </time>
                </>
              ) : (
                'not synced yet'
              )}
            </span>
          )}
          {syncingNow && status.eta_seconds !== null && !status.backfill_done && (
            <span className="meta">{timeLeft(status.eta_seconds)} left</span>
          )}
        </p>
        {syncingNow &&
          (total !== null && seen !== null && !status.backfill_done ? (
            <progress className="bar-progress thin" max={total || 1} value={seen} aria-label="Strava import progress" />
          ) : (
            <progress className="bar-progress thin" aria-label="Strava sync in progress" />
          ))}
      </div>
    );
  }
  return (
    <div className="sync">
      {syncing ? (
        <>
          <label className="sync-label" htmlFor="strava-progress">
            {total !== null
              ? `Importing your history: ${runs}, about ${seen} of ${total} activities looked through`
              : `Importing your history: ${runs} so far`}
          </label>
          {total !== null && seen !== null ? (
            <progress id="strava-progress" className="bar-progress" max={total || 1} value={seen} />
          ) : (
            <progress id="strava-progress" className="bar-progress" aria-describedby="strava-eta" />
          )}
          <p className="meta" id="strava-eta">
            {status.eta_seconds !== null
              ? `${timeLeft(status.eta_seconds)} left (Strava lets apps make only so many calls every 15 minutes)`
              : 'Working out how long it takes…'}
          </p>
        </>
      ) : (
        <p className="sync-done">
          {status.backfill_done ? `History imported: ${runs}.` : runs}{' '}
          {status.state === 'idle' && !compact && 'New runs arrive on their own.'}
        </p>
      )}
      {status.backfill_done && <ChartsProgress charts={status.charts} />}
      <p className="meta">
        {status.last_sync_at ? (
          <>
            Last sync {timeAgo(status.last_sync_at)}{' '}
            <time dateTime={status.last_sync_at}>({momentIn(status.last_sync_at, zone)})</time>
          </>
        ) : (
          'Not synced yet.'
        )}
      </p>
    </div>
  );
}

/** Charts (streams) of the imported runs: fetched newest first, with the calls the import leaves spare. */
function ChartsProgress({ charts }: { charts: StravaStatus['charts'] | undefined }) {
  const text = chartsText(charts);
  if (!text || !charts) return null;
  const done = charts.done >= charts.total;
  return (
    <div className="sync-charts">
      <label className="sync-label" htmlFor="strava-charts">
        {text}
        {done ? '.' : ': newest first, with the Strava calls the import leaves spare.'}
      </label>
      {!done && <progress id="strava-charts" className="bar-progress thin" max={charts.total} value={charts.done} />}
    </div>
  );
}
