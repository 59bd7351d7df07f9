import { useMemo } from 'react';
import { Link, useLocation } from 'react-router';
import type { RunList, RunTotals } from '../api.ts';
import { useGet } from '../query.ts';
import { RunTable } from '../components/RunTable.tsx';
import { StateBadge, SyncProgress, useStravaStatus } from '../components/SyncProgress.tsx';
import { addDays, localDate, weekStart } from '@runnerly/calendar';
import { formatDistance, formatDuration, unitLength } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';
import { PlanHomeCard } from '../components/plan/PlanHomeCard.tsx';

export function Home() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const location = useLocation();
  const notice = (location.state as { notice?: string } | null)?.notice;
  const recent = useGet<RunList>('/api/me/runs?limit=10');
  const runs = recent.data?.runs ?? null;
  const error = recent.error ? recent.error.message || 'Could not load your runs.' : null;
  return (
    <Page title={user?.name ? `Hello, ${user.name}` : 'Your runs'}>
      {notice && <Notice kind="ok">{notice}</Notice>}
      <ThisWeek />
      <PlanHomeCard />
      <section aria-labelledby="last-runs">
        <div className="section-head">
          <h2 id="last-runs">Last 10 runs</h2>
          <div className="buttons">
            <Link to="/runs">All runs</Link>
            <Link className="button" to="/runs/new">
              Add a run
            </Link>
          </div>
        </div>
        {error && <Notice kind="error">{error} Reload the page to try again.</Notice>}
        {!runs && !error && <p aria-busy="true">Loading your runs…</p>}
        {runs && runs.length === 0 && (
          <div className="card empty">
            <h3>No runs yet</h3>
            <p>Your runs will show up here. To bring your history in:</p>
            <div className="buttons">
              <Link className="button" to="/connections">
                Connect Strava
              </Link>
              <Link className="button secondary-link" to="/import">
                Upload files or a Strava export
              </Link>
              <Link to="/runs/new">Add a run by hand</Link>
            </div>
          </div>
        )}
        {runs && runs.length > 0 && (
          <RunTable
            runs={runs}
            zone={prefs.time_zone}
            units={prefs.units}
            caption={`Your last ${runs.length} runs, newest first`}
          />
        )}
      </section>
      <StravaSync />
    </Page>
  );
}

/** Distance so far this week (the profile's first day of week, in the profile's zone), day by day. */
function ThisWeek() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone, first_day_of_week: firstDay } = prefs;
  const today = localDate(new Date(), zone);
  const start = weekStart(today, firstDay);
  // The days of this week, added up by the Data Service in the runner's zone.
  const q = useGet<RunTotals>(
    user
      ? `/api/data/users/${user.id}/totals?period=day&tz=${encodeURIComponent(zone)}&from=${start}&to=${addDays(start, 6)}`
      : null,
  );
  const error = !!q.error;
  const runs = q.data ?? null; // null until the totals are in
  const days = useMemo(
    () =>
      (q.data?.buckets ?? Array.from({ length: 7 }, (_, i) => ({ key: addDays(start, i), distance_m: 0 }))).map(
        (b) => ({ day: b.key, metres: b.distance_m, future: b.key > today }),
      ),
    [q.data, start, today],
  );
  const count = q.data?.all.count ?? 0;
  const metres = q.data?.all.distance_m ?? 0;
  const seconds = q.data?.all.moving_time_s ?? 0;
  const max = Math.max(...days.map((d) => d.metres), unitLength(units) * 5);
  const dayName = (ymd: string) =>
    new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' }).format(new Date(`${ymd}T12:00:00Z`));
  return (
    <section className="card this-week" aria-labelledby="week-h">
      <h2 id="week-h">This week</h2>
      {error ? (
        <p>This week’s distance could not be added up. Reload the page to try again.</p>
      ) : (
        <div className="week-row">
          <p className="week-total" aria-busy={!runs}>
            <span className="big">{runs ? formatDistance(metres, units, 1) : '—'}</span>
            <span className="meta">
              {runs
                ? `${count} run${count === 1 ? '' : 's'} · ${formatDuration(seconds)} · since ${dayName(start)}`
                : 'Adding up…'}
            </span>
          </p>
          <svg
            className="week-days"
            viewBox="0 0 280 70"
            role="img"
            aria-label={days.map((d) => `${dayName(d.day)} ${formatDistance(d.metres, units, 1)}`).join(', ')}
          >
            {days.map((d, i) => {
              const h = d.metres ? Math.max(3, (d.metres / max) * 44) : 0;
              return (
                <g key={d.day}>
                  <rect
                    x={i * 40 + 8}
                    y={4}
                    width={24}
                    height={44}
                    rx={3}
                    className={d.day === today ? 'day-slot today' : 'day-slot'}
                  />
                  {h > 0 && <rect x={i * 40 + 8} y={48 - h} width={24} height={h} rx={3} className="bar" />}
                  <text x={i * 40 + 20} y={64} textAnchor="middle" className="bar-label">
                    {dayName(d.day).slice(0, 2)}
                  </text>
                </g>
              );
            })}
          </svg>
        </div>
      )}
    </section>
  );
}

/**
 * The Strava sync in one line, last on the page (nothing below it moves when it appears):
 * nothing until the status is known, nothing when Strava is not connected (the empty state
 * points to Connections). Asks again only while syncing.
 */
function StravaSync() {
  // A failure keeps what is shown (or nothing): Connections explains errors.
  const { status } = useStravaStatus();
  if (!status?.linked || status.state === 'unlinked') return null;
  return (
    <section className="card sync-home" aria-labelledby="sync-h">
      <h2 id="sync-h">Strava</h2>
      <StateBadge status={status} />
      {status.state === 'needs_reauth' ? (
        <p className="sync-line">Strava stopped accepting Runnerly’s access; nothing imported is lost.</p>
      ) : (
        <SyncProgress status={status} compact />
      )}
      {status.state === 'needs_reauth' ? (
        <Link className="button" to="/connections">
          Reconnect
        </Link>
      ) : (
        <Link to="/connections">Details</Link>
      )}
    </section>
  );
}
