import { useState } from 'react';
import { Link } from 'react-router';
import { keepPreviousData, useQueries } from '@tanstack/react-query';
import { addDays, localDate } from '@runnerly/calendar';
import type { RunSearch, RunTotals } from '../api.ts';
import { CumulativeChart, type YearLine } from '../components/CumulativeChart.tsx';
import { YearTotals } from '../components/YearTotals.tsx';
import { shortDay } from '../lib/calendar.ts';
import { byThisDate, cumulativeByDay, layWeeks, weekStarts } from '../lib/log.ts';
import { formatDistance, formatDuration, unitLength, type Units } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { getQuery, useGet } from '../query.ts';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

const WEEKS = 8;
/** Years drawn on the year-over-year chart: this one and the previous ones. */
const YEARS = 5;

/** The training log: totals, this year against the previous ones, and runs by calendar week. */
export default function LogPage() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone } = prefs;
  const base = `/api/data/users/${user!.id}`;
  const tz = encodeURIComponent(zone);
  const today = localDate(new Date(), zone);
  const years = useGet<RunTotals>(`${base}/totals?period=year&tz=${tz}&to=${today}`);

  return (
    <Page title="Training log">
      <YearTotals totals={years.data ?? null} failed={!!years.error} units={units} />
      {years.data && years.data.all.count > 0 && (
        <YearOverYear base={base} totals={years.data} today={today} units={units} />
      )}
      <Weeks base={base} today={today} />
    </Page>
  );
}

function YearOverYear({
  base,
  totals,
  today,
  units,
}: {
  base: string;
  totals: RunTotals;
  today: string;
  units: Units;
}) {
  const tz = encodeURIComponent(totals.timezone);
  const thisYear = Number(today.slice(0, 4));
  const shown = totals.buckets
    .map((b) => Number(b.key))
    .filter((y) => y > thisYear - YEARS)
    .reverse();
  const days = useQueries({
    queries: shown.map((y) =>
      getQuery<RunTotals>(
        `${base}/totals?period=day&tz=${tz}&from=${y}-01-01&to=${y === thisYear ? today : `${y}-12-31`}`,
      ),
    ),
  });
  const failed = days.some((d) => d.error);
  const ready = days.every((d) => d.data);
  // A few hundred additions per year: cheaper than remembering them.
  const lines: YearLine[] = ready
    ? shown.map((year, i) => ({ year, values: cumulativeByDay(days[i]!.data!.buckets) }))
    : [];
  const dateLabel = shortDay(today);
  const rows = lines.map((l) => ({
    year: l.year,
    sofar: byThisDate(l.year, l.values, today),
    whole: l.values[l.values.length - 1] ?? 0,
  }));
  const summary = `Distance since 1 January, by ${dateLabel}: ${rows
    .map((r) => `${r.year} ${formatDistance(r.sofar, units, 0)}`)
    .join(', ')}`;
  const len = unitLength(units);
  const previous = rows[1];
  // Compared as written (whole units), so that the difference is the one a reader would work out.
  const whole = (m: number) => Math.round(m / len);
  const gap = previous ? whole(rows[0]!.sofar) - whole(previous.sofar) : 0;
  return (
    <section className="card" aria-labelledby="yoy-h">
      <h2 id="yoy-h">Year over year</h2>
      {failed && <Notice kind="error">The years could not be added up. Reload the page to try again.</Notice>}
      {!ready && !failed && <p aria-busy="true">Adding up your years day by day…</p>}
      {ready && rows.length > 0 && (
        <>
          {previous && (
            <p className="meta">
              By {dateLabel}: {whole(rows[0]!.sofar)} {units} this year,{' '}
              {gap === 0 ? 'as much as' : `${Math.abs(gap)} ${units} ${gap > 0 ? 'more' : 'less'} than`} in{' '}
              {previous.year}.
            </p>
          )}
          <div className="chart-and-table">
            <div className="chart-slot">
              <CumulativeChart lines={lines} units={units} summary={summary} />
            </div>
            <div className="table-scroll" tabIndex={0} role="region" aria-label="Distance per year, table">
              <table className="data">
                <caption className="sr-only">Distance per year: by this date and the whole year</caption>
                <thead>
                  <tr>
                    <th scope="col">Year</th>
                    <th scope="col" className="num">
                      By {dateLabel}
                    </th>
                    <th scope="col" className="num">
                      Whole year
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {rows.map((r) => (
                    <tr key={r.year}>
                      <th scope="row">{r.year}</th>
                      <td className="num">{whole(r.sofar)}</td>
                      <td className="num">{r.year === thisYear ? '—' : whole(r.whole)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
              <p className="meta">In {units}.</p>
            </div>
          </div>
        </>
      )}
    </section>
  );
}

function Weeks({ base, today }: { base: string; today: string }) {
  const { prefs } = useProfile();
  const { units, time_zone: zone, first_day_of_week: firstDay } = prefs;
  // How many weeks back from this one the last row shows.
  const [back, setBack] = useState(0);
  const starts = weekStarts(addDays(today, -7 * back), firstDay, WEEKS);
  const from = starts[0]!;
  const to = addDays(starts[starts.length - 1]!, 6);
  const params = new URLSearchParams({ from, to, tz: zone, sort: 'date', order: 'asc', limit: '100' });
  const runs = useGet<RunSearch>(`${base}/runs/search?${params}`, { placeholderData: keepPreviousData });
  const weeks = runs.data ? layWeeks(starts, runs.data.runs, zone) : null;
  const len = unitLength(units);
  const dayName = new Intl.DateTimeFormat(undefined, { weekday: 'short', timeZone: 'UTC' });
  const dayLetter = new Intl.DateTimeFormat(undefined, { weekday: 'narrow', timeZone: 'UTC' });
  const dayLong = new Intl.DateTimeFormat(undefined, {
    weekday: 'long',
    day: 'numeric',
    month: 'long',
    timeZone: 'UTC',
  });
  const utc = (ymd: string) => new Date(`${ymd}T12:00:00Z`);
  const range = `${shortDay(from)} – ${shortDay(to)} ${to.slice(0, 4)}`;
  return (
    <section className="card" aria-labelledby="weeks-h">
      <div className="section-head wrap">
        <h2 id="weeks-h">Week by week</h2>
        <div className="buttons" role="group" aria-label="Weeks shown">
          <button type="button" className="secondary" onClick={() => setBack((b) => b + WEEKS)}>
            ← Earlier
          </button>
          <button
            type="button"
            className="secondary"
            disabled={back === 0}
            onClick={() => setBack((b) => Math.max(0, b - WEEKS))}
          >
            Later →
          </button>
          {back > 0 && (
            <button type="button" className="secondary" onClick={() => setBack(0)}>
              This week
            </button>
          )}
        </div>
      </div>
      <p className="meta" role="status">
        {range}
        {runs.data && runs.data.total > runs.data.runs.length
          ? ` · showing the first ${runs.data.runs.length} of ${runs.data.total} runs`
          : ''}
      </p>
      {runs.error && (
        <Notice kind="error">
          {runs.error.message || 'Your runs could not be read.'} Reload the page to try again.
        </Notice>
      )}
      {!weeks && !runs.error && <p aria-busy="true">Reading your weeks…</p>}
      {weeks && (
        <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="weeks-h">
          <table className="data week-log">
            <caption className="sr-only">
              Distance run each day ({units}), one row per week starting on {dayLong.format(utc(from)).split(' ')[0]},
              with the week's total. Each distance links to its run.
            </caption>
            <colgroup>
              <col className="wk" />
              {weeks[0]!.days.map((d) => (
                <col key={d.date} className="wk-day" />
              ))}
              <col className="wk-sum" />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Week</th>
                {weeks[0]!.days.map((d) => (
                  <th scope="col" key={d.date} className="num">
                    <span className="wd-long">{dayName.format(utc(d.date))}</span>
                    <span className="wd-short" aria-hidden="true">
                      {dayLetter.format(utc(d.date))}
                    </span>
                  </th>
                ))}
                <th scope="col" className="num">
                  Total
                </th>
              </tr>
            </thead>
            <tbody>
              {[...weeks].reverse().map((w) => (
                <tr key={w.start}>
                  <th scope="row">{shortDay(w.start)}</th>
                  {w.days.map((d) => (
                    <td key={d.date} className={d.date === today ? 'num today' : 'num'}>
                      {d.runs.length === 0 ? (
                        <>
                          <span className="rest" aria-hidden="true">
                            ·
                          </span>
                          <span className="sr-only">no run</span>
                        </>
                      ) : (
                        d.runs.map((r) => (
                          <Link
                            key={r.id}
                            to={`/runs/${r.id}`}
                            className="day-run"
                            aria-label={`${dayLong.format(utc(d.date))}: ${r.name}, ${formatDistance(r.distance_m, units, 1)}`}
                          >
                            {(r.distance_m / len).toFixed(1)}
                          </Link>
                        ))
                      )}
                    </td>
                  ))}
                  <td className="num week-sum">
                    <strong>{formatDistance(w.distance_m, units, 1)}</strong>
                    <span className="cell-note">
                      {w.count
                        ? `${w.count} run${w.count === 1 ? '' : 's'} · ${formatDuration(w.moving_time_s)}`
                        : 'rest'}
                    </span>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
