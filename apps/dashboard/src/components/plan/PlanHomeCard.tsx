import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import type { PlanHome } from '@runnerly/contracts';
import { api } from '../../api.ts';
import { formatDistance } from '../../lib/units.ts';
import { useProfile } from '../../profile.tsx';
import { useSession } from '../../session.tsx';
import { dayLabel, marginText, paceRange, statusLabel, typeLabel } from './format.ts';
import { formatDuration } from '../../lib/units.ts';
import './plan.css';

/** Home's plan card: this week planned against done, the next session, the predicted time against the goal. */
export function PlanHomeCard() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const units = prefs.units;
  const [home, setHome] = useState<PlanHome | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    if (!user) return;
    api<PlanHome>('GET', `/api/training/users/${user.id}/plans/home`).then(setHome, () => setFailed(true));
  }, [user]);
  if (failed) return null;
  if (!home) return <section className="card plan-home" aria-busy="true" aria-label="Training plan" />;
  const p = home.plan;
  if (!p) {
    return (
      <section className="card plan-home" aria-labelledby="plan-home-h">
        <h2 id="plan-home-h">Training plan</h2>
        <p>Training for a race? Pick one of your races and get a plan that fits your recent running.</p>
        <Link className="button" to="/plan">
          Get a plan
        </Link>
      </section>
    );
  }
  const w = p.week;
  const share = w && w.planned_km > 0 ? Math.min(1, w.done_km / w.planned_km) : 0;
  return (
    <section className="card plan-home" aria-labelledby="plan-home-h">
      <div className="section-head">
        <h2 id="plan-home-h">
          {p.race_name} · {dayLabel(p.race_date)}
        </h2>
        <Link to="/plan">Plan</Link>
      </div>
      <p className="plan-prediction">
        <span className="meta">Predicted</span> <strong className="big">{formatDuration(p.predicted_s)}</strong>{' '}
        <span className="meta">{marginText(p.predicted_s, p.goal_s)}</span>
      </p>
      {w && (
        <div className="plan-week">
          <p>
            Week {w.index} ({w.phase}): <strong>{formatDistance(w.done_km * 1000, units, 1)}</strong> of{' '}
            {formatDistance(w.planned_km * 1000, units, 1)} planned
          </p>
          <div
            className="plan-meter"
            role="meter"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round(share * 100)}
            aria-label="This week done"
          >
            <span style={{ width: `${share * 100}%` }} />
          </div>
          <ol className="plan-dots" aria-label="This week's sessions">
            {w.sessions.map((s) => (
              <li
                key={s.id}
                className={`dot ${s.status}`}
                title={`${dayLabel(s.date)}: ${typeLabel[s.type]}, ${statusLabel[s.status]}`}
              >
                <span className="sr">{`${dayLabel(s.date)} ${typeLabel[s.type]}: ${statusLabel[s.status]}`}</span>
              </li>
            ))}
          </ol>
        </div>
      )}
      {p.next_session ? (
        <p className="plan-next">
          Next: <strong>{dayLabel(p.next_session.date)}</strong> {typeLabel[p.next_session.type]}{' '}
          {formatDistance(p.next_session.distance_m, units, 1)} at {paceRange(p.next_session.pace, units)}
        </p>
      ) : (
        <p className="plan-next">No session left before race day.</p>
      )}
      {p.latest_change && <p className="plan-change">{p.latest_change.message}</p>}
    </section>
  );
}
