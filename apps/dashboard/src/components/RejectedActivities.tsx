import type { StravaStatus } from '../api.ts';
import { momentIn } from '../format.ts';
import { useProfile } from '../profile.tsx';

/**
 * The Strava activities that could not be stored as runs, each with why: the rest of the
 * history was imported around them. Folded away unless the runner opens it.
 */
export function RejectedActivities({ status }: { status: StravaStatus }) {
  const zone = useProfile().prefs.time_zone;
  const count = status.rejected_count;
  if (count === 0) return null;
  const shown = status.rejected.length;
  return (
    <details className="rejected">
      <summary>
        {count} Strava activit{count === 1 ? 'y' : 'ies'} could not be imported; every other one was.
      </summary>
      <ul>
        {status.rejected.map((r) => (
          <li key={r.activity_id}>
            <strong>{r.name || `Activity ${r.activity_id}`}</strong>
            {r.start_time && Number.isFinite(Date.parse(r.start_time)) && (
              <span className="meta"> · {momentIn(r.start_time, zone)}</span>
            )}
            <span className="meta"> · Strava activity {r.activity_id}</span>
            <br />
            {r.reason}
          </li>
        ))}
      </ul>
      {count > shown && <p className="meta">The newest {shown} are listed.</p>}
      <p className="meta">Fix the activity on Strava (an edit there is picked up) or upload its file on Import.</p>
    </details>
  );
}
