import { useEffect, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type MonthRuns, type Run, type RunList } from '../api.ts';
import { BarChart, type Bar } from '../components/BarChart.tsx';
import { RunTable } from '../components/RunTable.tsx';
import { lastMonths, lastWeeks, localDate } from '@runnerly/calendar';
import { bucketByWeek, monthLabel, shortDay } from '../lib/calendar.ts';
import { formatDistance, formatDuration, unitLength } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

const PAGE = 20;
const sportLabel: Record<string, string> = {
  Run: 'Run',
  TrailRun: 'Trail run',
  VirtualRun: 'Virtual run',
  Treadmill: 'Treadmill',
};

export default function RunsPage() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone, first_day_of_week: firstDay } = prefs;
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [next, setNext] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [months, setMonths] = useState<MonthRuns[] | null>(null);
  const [monthsError, setMonthsError] = useState<string | null>(null);
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [type, setType] = useState('');
  const [period, setPeriod] = useState<'week' | 'month'>('week');
  const fail = (err: unknown) => (err instanceof ApiError ? err.message : 'Could not load your runs.');

  useEffect(() => {
    api<RunList>('GET', `/api/me/runs?limit=${PAGE}`).then(
      (r) => {
        setRuns(r.runs);
        setNext(r.next_before);
      },
      (e: unknown) => setError(fail(e)),
    );
  }, []);

  const today = localDate(new Date(), zone);
  const monthKeys = useMemo(() => lastMonths(today, 12), [today]);
  useEffect(() => {
    if (!user) return;
    setMonths(null);
    Promise.all(
      monthKeys.map((m) =>
        api<MonthRuns>('GET', `/api/data/users/${user.id}/months/${m}/runs?tz=${encodeURIComponent(zone)}`),
      ),
    ).then(setMonths, (e: unknown) => setMonthsError(fail(e)));
  }, [user, monthKeys, zone]);

  async function older() {
    if (!next) return;
    setLoadingMore(true);
    try {
      const r = await api<RunList>('GET', `/api/me/runs?limit=${PAGE}&before=${encodeURIComponent(next)}`);
      setRuns((prev) => [...(prev ?? []), ...r.runs.filter((x) => !prev?.some((p) => p.id === x.id))]);
      setNext(r.next_before);
    } catch (e) {
      setError(fail(e));
    } finally {
      setLoadingMore(false);
    }
  }

  const len = unitLength(units);
  const weekBars: Bar[] = useMemo(() => {
    if (!months) return [];
    const weeks = lastWeeks(today, firstDay, 12);
    return bucketByWeek(
      months.flatMap((m) => m.runs),
      weeks,
      zone,
      firstDay,
    ).map((b) => ({
      key: b.key,
      label: shortDay(b.key),
      value: b.distance_m / len,
      text: formatDistance(b.distance_m, units, 1),
    }));
  }, [months, today, firstDay, zone, len, units]);
  const monthBars: Bar[] = useMemo(
    () =>
      (months ?? []).map((m) => ({
        key: m.month,
        label: monthLabel(m.month),
        value: m.totals.distance_m / len,
        text: formatDistance(m.totals.distance_m, units, 1),
      })),
    [months, len, units],
  );
  const detail = useMemo(() => {
    if (!months) return new Map<string, { count: number; time: number }>();
    const map = new Map<string, { count: number; time: number }>();
    for (const m of months) map.set(m.month, { count: m.totals.count, time: m.totals.moving_time_s });
    for (const w of bucketByWeek(
      months.flatMap((m) => m.runs),
      lastWeeks(today, firstDay, 12),
      zone,
      firstDay,
    ))
      map.set(w.key, { count: w.count, time: w.moving_time_s });
    return map;
  }, [months, today, firstDay, zone]);

  const types = useMemo(
    () => [...new Set(['Run', 'TrailRun', 'VirtualRun', 'Treadmill', ...(runs ?? []).map((r) => r.sport_type)])],
    [runs],
  );
  const shown = useMemo(
    () =>
      (runs ?? []).filter((r) => {
        const day = localDate(r.start_time, zone);
        return (!from || day >= from) && (!to || day <= to) && (!type || r.sport_type === type);
      }),
    [runs, from, to, type, zone],
  );
  const filtered = !!(from || to || type);
  const bars = period === 'week' ? weekBars : monthBars;

  return (
    <Page title="All runs">
      <section className="card" aria-labelledby="totals-h">
        <div className="section-head">
          <h2 id="totals-h">{period === 'week' ? 'Last 12 weeks' : 'Last 12 months'}</h2>
          <div className="toggle" role="group" aria-label="Totals per">
            <button
              type="button"
              className={period === 'week' ? 'on' : 'secondary'}
              aria-pressed={period === 'week'}
              onClick={() => setPeriod('week')}
            >
              Weekly
            </button>
            <button
              type="button"
              className={period === 'month' ? 'on' : 'secondary'}
              aria-pressed={period === 'month'}
              onClick={() => setPeriod('month')}
            >
              Monthly
            </button>
          </div>
        </div>
        {monthsError && <Notice kind="error">{monthsError} Reload the page to try again.</Notice>}
        <div className="chart-and-table">
          <div className="chart-slot">
            {!months && !monthsError && <p aria-busy="true">Adding up your distance…</p>}
            {months && (
              <BarChart
                bars={bars}
                unit={units}
                title={
                  period === 'week'
                    ? `Distance per week (weeks start on ${firstDay[0]!.toUpperCase()}${firstDay.slice(1)})`
                    : 'Distance per month'
                }
              />
            )}
          </div>
          {months && (
            <div
              className="table-scroll totals-table"
              tabIndex={0}
              role="region"
              aria-label={period === 'week' ? 'Distance per week, table' : 'Distance per month, table'}
            >
              <table className="data">
                <caption className="sr-only">
                  {period === 'week' ? 'Distance per week' : 'Distance per month'}, newest first
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{period === 'week' ? 'Week of' : 'Month'}</th>
                    <th scope="col" className="num">
                      Distance
                    </th>
                    <th scope="col" className="num">
                      Runs
                    </th>
                    <th scope="col" className="num">
                      Time
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...bars].reverse().map((b) => {
                    const d = detail.get(b.key);
                    return (
                      <tr key={b.key}>
                        <th scope="row">{period === 'week' ? shortDay(b.key) : monthLabel(b.key, true)}</th>
                        <td className="num">{b.text}</td>
                        <td className="num">{d?.count ?? 0}</td>
                        <td className="num">{d ? formatDuration(d.time) : '—'}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </div>
      </section>

      <section aria-labelledby="list-h">
        <div className="section-head">
          <h2 id="list-h">Runs</h2>
          <Link className="button" to="/runs/new">
            Add a run
          </Link>
        </div>
        <form className="filters card" onSubmit={(e) => e.preventDefault()} aria-label="Filter runs">
          <div className="field">
            <label htmlFor="f-from">From</label>
            <input
              id="f-from"
              type="date"
              value={from}
              max={to || undefined}
              onChange={(e) => setFrom(e.target.value)}
            />
          </div>
          <div className="field">
            <label htmlFor="f-to">To</label>
            <input id="f-to" type="date" value={to} min={from || undefined} onChange={(e) => setTo(e.target.value)} />
          </div>
          <div className="field">
            <label htmlFor="f-type">Type</label>
            <select id="f-type" value={type} onChange={(e) => setType(e.target.value)}>
              <option value="">All types</option>
              {types.map((t) => (
                <option key={t} value={t}>
                  {sportLabel[t] ?? t}
                </option>
              ))}
            </select>
          </div>
          {filtered && (
            <button
              type="button"
              className="secondary"
              onClick={() => {
                setFrom('');
                setTo('');
                setType('');
              }}
            >
              Clear filters
            </button>
          )}
        </form>
        {error && <Notice kind="error">{error} Reload the page to try again.</Notice>}
        {!runs && !error && <p aria-busy="true">Loading your runs…</p>}
        {runs && runs.length === 0 && (
          <div className="card empty">
            <h3>No runs yet</h3>
            <p>
              <Link to="/runs/new">Add a run by hand</Link>: date, distance and time are enough.
            </p>
          </div>
        )}
        {runs && runs.length > 0 && (
          <>
            <p className="meta" role="status">
              {filtered ? `${shown.length} of the ${runs.length} loaded runs match.` : `${runs.length} runs loaded.`}
              {filtered && next ? ' Load older runs to search further back.' : ''}
            </p>
            <RunTable runs={shown} zone={zone} units={units} caption="Your runs, newest first" />
          </>
        )}
        {next && (
          <p>
            <button type="button" onClick={() => void older()} disabled={loadingMore}>
              {loadingMore ? 'Loading older runs…' : 'Older runs'}
            </button>
          </p>
        )}
        {runs && runs.length > 0 && !next && (
          <p className="meta">That is all of them: your first run is at the bottom.</p>
        )}
      </section>
    </Page>
  );
}
