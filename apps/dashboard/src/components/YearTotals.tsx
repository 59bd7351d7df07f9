import type { RunTotals, Totals } from '../api.ts';
import { BarChart } from './BarChart.tsx';
import { formatDistance, formatDuration, formatElevation, unitLength, type Units } from '../lib/units.ts';
import { Notice } from '../ui.tsx';

/** This year and all time (distance, time, climbing, runs), and distance per year as bars. */
export function YearTotals({ totals, failed, units }: { totals: RunTotals | null; failed: boolean; units: Units }) {
  if (failed) return <Notice kind="error">Your totals could not be added up. Reload the page to try again.</Notice>;
  if (!totals) return <p aria-busy="true">Adding up your years…</p>;
  if (totals.all.count === 0) return null;
  const thisYear = totals.buckets[totals.buckets.length - 1]!;
  const len = unitLength(units);
  const block = (title: string, t: Totals) => (
    <div className="year-block">
      <h3>{title}</h3>
      <dl className="stats">
        <div>
          <dt>Distance</dt>
          <dd>{formatDistance(t.distance_m, units, 0)}</dd>
        </div>
        <div>
          <dt>Time</dt>
          <dd>{formatDuration(t.moving_time_s)}</dd>
        </div>
        <div>
          <dt>Climbing</dt>
          <dd>{formatElevation(t.elevation_gain_m, units)}</dd>
        </div>
        <div>
          <dt>Runs</dt>
          <dd>{t.count}</dd>
        </div>
      </dl>
    </div>
  );
  return (
    <section className="card" aria-labelledby="years-h">
      <h2 id="years-h">Totals</h2>
      <div className="year-totals">
        {block(`This year (${thisYear.key})`, thisYear)}
        {block('All time', totals.all)}
      </div>
      {totals.buckets.length > 1 && (
        <BarChart
          bars={totals.buckets.map((b) => ({
            key: b.key,
            label: b.key,
            value: b.distance_m / len,
            text: formatDistance(b.distance_m, units, 0),
          }))}
          unit={units}
          title="Distance per year"
        />
      )}
    </section>
  );
}
