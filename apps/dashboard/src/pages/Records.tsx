import { useState } from 'react';
import { localDate } from '@runnerly/calendar';
import { Link } from 'react-router';
import type { PersonalRecord, UserRecords } from '../api.ts';
import { shortRunDate } from '../format.ts';
import { ordinal } from '../lib/records.ts';
import { formatDuration, formatPace, type Units } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useGet } from '../query.ts';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

/** Personal records per standard distance, all time or of one year, each with the run it came from. */
export default function RecordsPage() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone } = prefs;
  const [year, setYear] = useState('');
  const records = useGet<UserRecords>(`/api/data/users/${user!.id}/records${year ? `?year=${year}` : ''}`, {
    placeholderData: (previous) => previous,
  });
  const body = records.data ?? null;
  const held = body?.records.filter((r) => r.efforts.length > 0) ?? [];
  const missing = body?.records.filter((r) => r.efforts.length === 0) ?? [];
  const thisYear = Number(localDate(new Date(), zone).slice(0, 4));
  const title = year ? `Records of ${year}` : 'Records';

  return (
    <Page title={title}>
      <p className="lead">Your fastest times over the standard distances, from the best efforts of your runs.</p>
      {records.error && (
        <Notice kind="error">
          {records.error.message || 'Your records could not be read.'} Reload the page to try again.
        </Notice>
      )}
      {!body && !records.error && <p aria-busy="true">Reading your records…</p>}
      {body && body.years.length === 0 && (
        <div className="card empty">
          <h2>No records yet</h2>
          <p>
            Records come from the best efforts of runs recorded with GPS. <Link to="/import">Upload your files</Link>{' '}
            (GPX, TCX, FIT or a Strava export) and your fastest 1 km, 5K, half marathon… appear here.
          </p>
        </div>
      )}
      {body && body.years.length > 0 && (
        <section className="card" aria-labelledby="records-h">
          <div className="section-head">
            <h2 id="records-h">{year ? `Fastest in ${year}` : 'Fastest ever'}</h2>
            <div className="field inline">
              <label htmlFor="records-year">Show</label>
              <select id="records-year" value={year} onChange={(e) => setYear(e.target.value)}>
                <option value="">All time</option>
                {body.years.map((y) => (
                  <option key={y} value={String(y)}>
                    {y}
                  </option>
                ))}
              </select>
            </div>
          </div>
          {held.length === 0 ? (
            <p>No best effort in {year}. Pick another year.</p>
          ) : (
            <div className="table-scroll" tabIndex={0} role="region" aria-labelledby="records-h">
              <table className="data records">
                <caption className="sr-only">
                  {title}: the fastest time per distance, with its pace and run, and the next fastest
                </caption>
                <thead>
                  <tr>
                    <th scope="col">Distance</th>
                    <th scope="col" className="num">
                      Time
                    </th>
                    <th scope="col">Run</th>
                    <th scope="col" className="next">
                      Next fastest
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {held.map((r) => (
                    <RecordRow key={r.distance} record={r} units={units} thisYear={thisYear} />
                  ))}
                </tbody>
              </table>
            </div>
          )}
          {missing.length > 0 && held.length > 0 && (
            <p className="meta">No effort yet over {missing.map((m) => m.name).join(', ')}.</p>
          )}
        </section>
      )}
    </Page>
  );
}

function RecordRow({ record, units, thisYear }: { record: PersonalRecord; units: Units; thisYear: number }) {
  const [best, ...rest] = record.efforts;
  if (!best) return null;
  return (
    <tr>
      <th scope="row">
        {record.name}
        <span className="cell-note">
          {record.count} run{record.count === 1 ? '' : 's'}
        </span>
      </th>
      <td className="num">
        <strong>{formatDuration(best.elapsed_time_s)}</strong>
        <span className="cell-note">{formatPace(best.elapsed_time_s, record.distance_m, units)}</span>
      </td>
      <td>
        <Link to={`/runs/${best.run_id}`}>{best.run_name || 'Run'}</Link>
        <span className="cell-note">{shortRunDate(best.start_time, best.timezone, thisYear)}</span>
      </td>
      <td className="next">
        {rest.length === 0 ? (
          <span className="muted">—</span>
        ) : (
          <ul className="plain">
            {rest.map((e) => (
              <li key={e.run_id}>
                {ordinal(e.rank)}{' '}
                <Link
                  to={`/runs/${e.run_id}`}
                  aria-label={`${ordinal(e.rank)}: ${formatDuration(e.elapsed_time_s)}, ${e.run_name}, ${shortRunDate(e.start_time, e.timezone, thisYear)}`}
                >
                  {formatDuration(e.elapsed_time_s)}
                </Link>{' '}
                <span className="muted">{shortRunDate(e.start_time, e.timezone, thisYear)}</span>
              </li>
            ))}
          </ul>
        )}
      </td>
    </tr>
  );
}
