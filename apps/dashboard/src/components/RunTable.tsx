import { Link } from 'react-router';
import type { Run } from '../api.ts';
import { runStart, shortRunDate } from '../format.ts';
import { formatDistance, formatDuration, formatElevation, formatPace, type Units } from '../lib/units.ts';
import { RouteSvg } from './RouteSvg.tsx';

const sportLabel: Record<string, string> = {
  Run: 'Run',
  TrailRun: 'Trail run',
  VirtualRun: 'Virtual run',
  Treadmill: 'Treadmill',
};

/**
 * The runs as rows: tiny route, date, name (links to the run), distance, time, pace, elevation,
 * heart rate. Each run's date and time are those of the place it was run (its zone named when it
 * is not `zone`, the runner's).
 */
export function RunTable({ runs, zone, units, caption }: { runs: Run[]; zone: string; units: Units; caption: string }) {
  const thisYear = Number(new Intl.DateTimeFormat('en', { timeZone: zone, year: 'numeric' }).format(new Date()));
  return (
    <table className="runs">
      <caption className="sr-only">{caption}</caption>
      <thead>
        <tr>
          <th scope="col">
            <span className="sr-only">Route</span>
          </th>
          <th scope="col">Date</th>
          <th scope="col">Run</th>
          <th scope="col" className="num">
            Distance
          </th>
          <th scope="col" className="num">
            Time
          </th>
          <th scope="col" className="num">
            Pace
          </th>
          <th scope="col" className="num">
            Elevation
          </th>
          <th scope="col" className="num">
            Heart rate
          </th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <tr key={r.id}>
            <td className="mini-route">
              <RouteSvg polyline={r.summary_polyline} width={48} height={36} />
            </td>
            <td data-label="Date">
              <span className="date-long">{runStart(r.start_time, r.timezone, zone)}</span>
              <span className="date-short" aria-hidden="true">
                {shortRunDate(r.start_time, r.timezone || zone, thisYear)}
              </span>
            </td>
            <td data-label="Run">
              <Link to={`/runs/${r.id}`}>{r.name || sportLabel[r.sport_type] || r.sport_type}</Link>
            </td>
            <td data-label="Distance" className="num">
              {formatDistance(r.distance_m, units)}
            </td>
            <td data-label="Time" className="num">
              {formatDuration(r.moving_time_s)}
            </td>
            <td data-label="Pace" className="num">
              {formatPace(r.moving_time_s, r.distance_m, units)}
            </td>
            <td data-label="Elevation" className="num">
              {formatElevation(r.elevation_gain_m, units)}
            </td>
            <td data-label="Heart rate" className="num">
              {r.average_heartrate == null ? '—' : `${Math.round(r.average_heartrate)} bpm`}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
