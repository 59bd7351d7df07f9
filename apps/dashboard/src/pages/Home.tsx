import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type Run } from '../api.ts';
import { duration, km, pace, runDate } from '../format.ts';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

export function Home() {
  const { user } = useSession();
  const [runs, setRuns] = useState<Run[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    api<{ runs: Run[] }>('GET', '/api/me/runs?limit=10').then((r) => setRuns(r.runs), (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not load your runs.'));
  }, []);
  return (
    <Page title={user?.name ? `Hello, ${user.name}` : 'Your runs'}>
      <section aria-labelledby="last-runs">
        <div className="section-head">
          <h2 id="last-runs">Last 10 runs</h2>
          <Link className="button" to="/runs/new">Add a run</Link>
        </div>
        {error && <Notice kind="error">{error} Reload the page to try again.</Notice>}
        {!runs && !error && <p aria-busy="true">Loading your runs…</p>}
        {runs && runs.length === 0 && (
          <div className="card empty">
            <h3>No runs yet</h3>
            <p>Your runs will show up here. To get started, <Link to="/runs/new">add a run by hand</Link>: date, distance and time are enough.</p>
            <p>Importing files and connecting Strava are coming to this dashboard.</p>
          </div>
        )}
        {runs && runs.length > 0 && (
          <table className="runs">
            <caption className="sr-only">Your last {runs.length} runs, newest first</caption>
            <thead>
              <tr><th scope="col">Date</th><th scope="col">Run</th><th scope="col" className="num">Distance</th><th scope="col" className="num">Time</th><th scope="col" className="num">Pace</th><th scope="col" className="num">Elevation</th><th scope="col" className="num">Heart rate</th></tr>
            </thead>
            <tbody>
              {runs.map((r) => (
                <tr key={r.id}>
                  <td data-label="Date">{runDate(r.start_time, r.timezone)}</td>
                  <td data-label="Run">{r.name || r.sport_type}</td>
                  <td data-label="Distance" className="num">{km(r.distance_m)}</td>
                  <td data-label="Time" className="num">{duration(r.moving_time_s)}</td>
                  <td data-label="Pace" className="num">{pace(r.moving_time_s, r.distance_m)}</td>
                  <td data-label="Elevation" className="num">{r.elevation_gain_m == null ? '—' : `${Math.round(r.elevation_gain_m)} m`}</td>
                  <td data-label="Heart rate" className="num">{r.average_heartrate == null ? '—' : `${Math.round(r.average_heartrate)} bpm`}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </Page>
  );
}
