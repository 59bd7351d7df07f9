import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';
import { api, type ApiError, type RunSearch, type RunTotals } from '../api.ts';
import { BarChart, type Bar } from '../components/BarChart.tsx';
import { RunTable } from '../components/RunTable.tsx';
import { YearTotals } from '../components/YearTotals.tsx';
import { lastMonths, lastWeeks, localDate } from '@runnerly/calendar';
import { monthLabel, shortDay } from '../lib/calendar.ts';
import { formatDistance, formatDuration, unitLength } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useGet } from '../query.ts';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

const PAGE = 20;
type SortKey = 'date-desc' | 'date-asc' | 'distance-desc' | 'time-desc' | 'pace-asc' | 'elevation-desc';
const sortLabel: Record<SortKey, string> = {
  'date-desc': 'Newest first',
  'date-asc': 'Oldest first',
  'distance-desc': 'Longest first',
  'time-desc': 'Most time first',
  'pace-asc': 'Fastest pace first',
  'elevation-desc': 'Most climbing first',
};
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
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [type, setType] = useState('');
  const [sort, setSort] = useState<SortKey>('date-desc');
  const [period, setPeriod] = useState<'week' | 'month'>('week');
  const base = `/api/data/users/${user!.id}`;
  const tz = encodeURIComponent(zone);

  // The chart: the last 12 weeks or months, added up by the Data Service in the runner's calendar.
  const today = localDate(new Date(), zone);
  const since = period === 'week' ? lastWeeks(today, firstDay, 12)[0]! : `${lastMonths(today, 12)[0]!}-01`;
  const totals = useGet<RunTotals>(
    `${base}/totals?period=${period}&tz=${tz}&first_day=${firstDay}&from=${since}&to=${today}`,
  );
  const monthsError = totals.error ? totals.error.message || 'Could not add up your distance.' : null;

  // This year, all time and year over year: one bucket per year since the first run.
  const years = useGet<RunTotals>(`${base}/totals?period=year&tz=${tz}&to=${today}`);

  // The list: filtered, sorted and paged by the Data Service.
  const [sortBy, order] = sort.split('-') as [string, string];
  const filters = new URLSearchParams({ tz: zone, sort: sortBy, order, limit: String(PAGE) });
  if (from) filters.set('from', from);
  if (to) filters.set('to', to);
  if (type) filters.set('type', type);
  const search = useInfiniteQuery<RunSearch, ApiError, InfiniteData<RunSearch>, string[], number>({
    queryKey: ['api', 'data', 'users', user!.id, 'runs', 'search', filters.toString()],
    queryFn: ({ pageParam, signal }) =>
      api<RunSearch>('GET', `${base}/runs/search?${filters}&offset=${pageParam}`, undefined, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => (last.offset + last.limit < last.total ? last.offset + last.limit : undefined),
    placeholderData: keepPreviousData,
  });
  const runs = search.data?.pages.flatMap((p) => p.runs) ?? null;
  const matching = search.data?.pages[0]?.total ?? 0;
  const error = search.error ? search.error.message || 'Could not load your runs.' : null;
  const next = search.hasNextPage;
  const loadingMore = search.isFetchingNextPage;
  const older = () => void search.fetchNextPage();

  const len = unitLength(units);
  const bars: Bar[] = useMemo(
    () =>
      (totals.data?.buckets ?? []).map((b) => ({
        key: b.key,
        label: period === 'week' ? shortDay(b.key) : monthLabel(b.key),
        value: b.distance_m / len,
        text: formatDistance(b.distance_m, units, 1),
      })),
    [totals.data, period, len, units],
  );
  const detail = useMemo(
    () => new Map((totals.data?.buckets ?? []).map((b) => [b.key, { count: b.count, time: b.moving_time_s }])),
    [totals.data],
  );
  const months = totals.data ?? null;
  const types = ['Run', 'TrailRun', 'VirtualRun', 'Treadmill'];
  const filtered = !!(from || to || type);

  return (
    <Page title="All runs">
      <YearTotals totals={years.data ?? null} failed={!!years.error} units={units} />
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
          <div className="field">
            <label htmlFor="f-sort">Order</label>
            <select id="f-sort" value={sort} onChange={(e) => setSort(e.target.value as SortKey)}>
              {(Object.keys(sortLabel) as SortKey[]).map((k) => (
                <option key={k} value={k}>
                  {sortLabel[k]}
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
        {runs && runs.length === 0 && filtered && (
          <div className="card empty">
            <h3>No run matches</h3>
            <p>Widen the dates or pick another type.</p>
          </div>
        )}
        {runs && runs.length === 0 && !filtered && (
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
              {filtered
                ? `${matching} run${matching === 1 ? '' : 's'} match${matching === 1 ? 'es' : ''}.`
                : `${matching} run${matching === 1 ? '' : 's'}.`}
              {runs.length < matching ? ` Showing the first ${runs.length}.` : ''}
            </p>
            <RunTable runs={runs} zone={zone} units={units} caption={`Your runs, ${sortLabel[sort].toLowerCase()}`} />
          </>
        )}
        {next && (
          <p>
            <button type="button" onClick={older} disabled={loadingMore}>
              {loadingMore ? 'Loading more runs…' : 'More runs'}
            </button>
          </p>
        )}
        {runs && runs.length > 0 && !next && !filtered && sort === 'date-desc' && (
          <p className="meta">That is all of them: your first run is at the bottom.</p>
        )}
      </section>
    </Page>
  );
}
