import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { addDays, weekday } from '@runnerly/calendar';
import type { Plan, PlanFitnessSeries, PlanList, PlanSession, PlanWeek, RaceEntry } from '@runnerly/contracts';
import { api, ApiError } from '../api.ts';
import { LineChart } from '../components/plan/LineChart.tsx';
import { dayLabel, marginText, paceRange, statusLabel, typeLabel } from '../components/plan/format.ts';
import '../components/plan/plan.css';
import { formatDistance, formatDuration, type Units } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const firstDayIso = { monday: 1, saturday: 6, sunday: 7 } as const;

/** The Plan page: the active plan (calendar or list, charts, messages, iCal), or the form that makes one. */
export default function PlanPage() {
  const { user } = useSession();
  const [plan, setPlan] = useState<Plan | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(async () => {
    if (!user) return;
    try {
      const list = await api<PlanList>('GET', `/api/training/users/${user.id}/plans`);
      const active = list.plans.find((p) => p.status === 'active');
      setPlan(active ? await api<Plan>('GET', `/api/training/plans/${active.id}`) : null);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not load your plan.');
    }
  }, [user]);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <Page title={plan ? `Plan: ${plan.race_name}` : 'Training plan'}>
      {error && <Notice kind="error">{error}</Notice>}
      {plan === undefined && !error && <p aria-busy="true">Loading your plan…</p>}
      {plan === null && <NewPlan onCreated={setPlan} />}
      {plan && <PlanView plan={plan} onChange={setPlan} onGone={() => setPlan(null)} />}
    </Page>
  );
}

function NewPlan({ onCreated }: { onCreated: (p: Plan) => void }) {
  const { user } = useSession();
  const { prefs } = useProfile();
  const [races, setRaces] = useState<RaceEntry[] | null>(null);
  const [raceId, setRaceId] = useState('');
  const [days, setDays] = useState(4);
  const [longDay, setLongDay] = useState(7);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    if (!user) return;
    api<{ races: RaceEntry[] }>('GET', `/api/races/users/${user.id}/races`).then(
      (r) => {
        const upcoming = r.races.filter((e) => e.race.status === 'scheduled' && !e.result);
        setRaces(upcoming);
        if (upcoming[0]) setRaceId(upcoming[0].race.id);
      },
      () => setRaces([]),
    );
  }, [user]);
  async function submit(e: FormEvent) {
    e.preventDefault();
    if (!user) return;
    setBusy(true);
    setError(null);
    try {
      const plan = await api<Plan>('POST', `/api/training/users/${user.id}/plans`, {
        race_id: raceId,
        days_per_week: days,
        long_run_day: longDay,
        time_zone: prefs.time_zone,
        week_starts_on: firstDayIso[prefs.first_day_of_week],
      });
      onCreated(plan);
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The plan could not be made.');
    } finally {
      setBusy(false);
    }
  }
  if (!races) return <p aria-busy="true">Loading your races…</p>;
  if (!races.length) {
    return (
      <div className="card empty">
        <h2>No race to train for yet</h2>
        <p>A plan is built toward a race: find yours (or add it) and mark it “I’m running it”.</p>
        <Link className="button" to="/races">
          Races
        </Link>
      </div>
    );
  }
  return (
    <form className="card" onSubmit={(e) => void submit(e)} aria-labelledby="new-plan-h">
      <h2 id="new-plan-h">Get a plan</h2>
      <p>The plan starts from what you have been running lately (volume, longest run, best efforts).</p>
      {error && <Notice kind="error">{error}</Notice>}
      <div className="field">
        <label htmlFor="plan-race">Race</label>
        <select id="plan-race" value={raceId} onChange={(e) => setRaceId(e.target.value)}>
          {races.map((e) => (
            <option key={e.race.id} value={e.race.id}>
              {e.race.name} · {e.race.start_local.slice(0, 10)}
              {e.goal.kind === 'time' ? ` · goal ${formatDuration(e.goal.target_s)}` : ''}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="plan-days">Running days a week</label>
        <select id="plan-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {[3, 4, 5, 6, 7].map((n) => (
            <option key={n} value={n}>
              {n}
            </option>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="plan-long">Long run on</label>
        <select id="plan-long" value={longDay} onChange={(e) => setLongDay(Number(e.target.value))}>
          {WEEKDAYS.map((d, i) => (
            <option key={d} value={i + 1}>
              {d}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" disabled={busy || !raceId}>
        {busy ? 'Building your plan…' : 'Create the plan'}
      </button>
    </form>
  );
}

function PlanView({ plan, onChange, onGone }: { plan: Plan; onChange: (p: Plan) => void; onGone: () => void }) {
  const { prefs } = useProfile();
  const units = prefs.units;
  const [view, setView] = useState<'list' | 'calendar'>('list');
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [feedUrl, setFeedUrl] = useState(plan.feed_url);
  useEffect(() => setFeedUrl(plan.feed_url), [plan.feed_url]);

  async function act(what: string, run: () => Promise<void>) {
    setBusy(what);
    setError(null);
    try {
      await run();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'That did not work; try again.');
    } finally {
      setBusy(null);
    }
  }
  const regenerate = () =>
    act('regenerate', async () => onChange(await api<Plan>('POST', `/api/training/plans/${plan.id}/regenerate`)));
  const abandon = () =>
    act('abandon', async () => {
      if (!window.confirm('Abandon this plan? Its sessions leave Home and the calendar feed.')) return;
      await api('POST', `/api/training/plans/${plan.id}/abandon`);
      onGone();
    });
  const makeFeed = () =>
    act('feed', async () => {
      setFeedUrl((await api<{ feed_url: string }>('POST', `/api/training/plans/${plan.id}/feed`)).feed_url);
    });
  const revokeFeed = () =>
    act('feed', async () => {
      await api('DELETE', `/api/training/plans/${plan.id}/feed`);
      setFeedUrl(null);
    });

  const sessions = plan.weeks.flatMap((w) => w.sessions);
  const done = sessions.filter((s) => s.status === 'done').length;
  return (
    <>
      <section className="card" aria-labelledby="plan-sum-h">
        <h2 id="plan-sum-h">
          {plan.race_name} · {dayLabel(plan.race_date)} · {formatDistance(plan.race_distance_m, units, 1)}
        </h2>
        <p className="plan-prediction">
          <span className="meta">Predicted</span> <strong className="big">{formatDuration(plan.predicted_s)}</strong>{' '}
          <span className="meta">{marginText(plan.predicted_s, plan.goal_s)}</span>
        </p>
        <p className="meta">
          {plan.weeks.length} weeks · {done} of {sessions.length} sessions done · VDOT {plan.fitness.vdot.toFixed(1)} (
          {plan.fitness.vdot_source}) · paces: easy {paceRange(plan.paces.easy, units)}, threshold{' '}
          {paceRange(plan.paces.threshold, units)}, interval {paceRange(plan.paces.interval, units)}
        </p>
        {plan.warnings.length > 0 && (
          <ul className="plan-warnings">
            {plan.warnings.map((w) => (
              <li key={w}>{w}</li>
            ))}
          </ul>
        )}
        <div className="buttons">
          <button type="button" onClick={() => void regenerate()} disabled={!!busy}>
            {busy === 'regenerate' ? 'Regenerating…' : 'Regenerate from my fitness'}
          </button>
          <button type="button" className="secondary-link" onClick={() => void abandon()} disabled={!!busy}>
            Abandon the plan
          </button>
        </div>
        {error && <Notice kind="error">{error}</Notice>}
      </section>

      {plan.changes.length > 0 && (
        <section className="card" aria-labelledby="plan-changes-h">
          <h2 id="plan-changes-h">What changed</h2>
          <ul className="plan-changes">
            {plan.changes.map((c, i) => (
              <li key={i}>
                <span className="meta">{dayLabel(c.on)}:</span> {c.message}
              </li>
            ))}
          </ul>
        </section>
      )}

      <section className="card" aria-labelledby="plan-sched-h">
        <div className="section-head">
          <h2 id="plan-sched-h">Schedule</h2>
          <div className="plan-views" role="group" aria-label="View">
            <button type="button" aria-pressed={view === 'list'} onClick={() => setView('list')}>
              List
            </button>
            <button type="button" aria-pressed={view === 'calendar'} onClick={() => setView('calendar')}>
              Calendar
            </button>
          </div>
        </div>
        {view === 'list' ? (
          <WeekList weeks={plan.weeks} units={units} today={plan.today} />
        ) : (
          <Calendar weeks={plan.weeks} units={units} today={plan.today} />
        )}
      </section>

      <section className="card" aria-labelledby="plan-pred-h">
        <h2 id="plan-pred-h">Predicted time over the weeks</h2>
        <LineChart
          title={`Predicted race time by week: ${plan.predictions.map((p) => `${p.week_start} ${formatDuration(p.seconds)}`).join(', ')}`}
          labels={plan.predictions.map((p) => dayLabel(p.week_start))}
          series={[{ name: 'Predicted', className: 'l1', values: plan.predictions.map((p) => p.seconds) }]}
          reference={plan.goal_s ? { value: plan.goal_s, label: `Goal ${formatDuration(plan.goal_s)}` } : null}
          format={formatDuration}
          invert
        />
      </section>

      <FitnessChart planId={plan.id} />

      <section className="card" aria-labelledby="plan-ical-h">
        <h2 id="plan-ical-h">Calendar feed</h2>
        <p>Subscribe from your phone’s calendar: the sessions show up and follow the plan’s changes.</p>
        {feedUrl ? (
          <>
            <p className="feed-url">{new URL(feedUrl, window.location.origin).href}</p>
            <p className="meta">Anyone with this link sees your plan. Revoke it to stop it working.</p>
            <div className="buttons">
              <button type="button" onClick={() => void makeFeed()} disabled={!!busy}>
                New link
              </button>
              <button type="button" className="secondary-link" onClick={() => void revokeFeed()} disabled={!!busy}>
                Revoke
              </button>
            </div>
          </>
        ) : (
          <button type="button" onClick={() => void makeFeed()} disabled={!!busy}>
            Make a calendar link
          </button>
        )}
      </section>
    </>
  );
}

function SessionRow({ s, units }: { s: PlanSession; units: Units }) {
  return (
    <li className={`session ${s.status}`}>
      <span>{dayLabel(s.date)}</span>
      <span>
        <strong>{typeLabel[s.type]}</strong> {formatDistance(s.distance_m, units, 1)} · {paceRange(s.pace, units)} ·{' '}
        {formatDuration(s.duration_s)}
        {s.structure ? ` · ${s.structure}` : ''}
      </span>
      <span className={`badge ${s.status}`} title={s.status_reason}>
        {statusLabel[s.status]}
      </span>
      <p className="why">{s.why}</p>
    </li>
  );
}

function WeekList({ weeks, units, today }: { weeks: PlanWeek[]; units: Units; today: string }) {
  return (
    <ol className="plan-week-list">
      {weeks.map((w) => (
        <li key={w.index} aria-current={w.start_date <= today && today <= w.end_date ? 'date' : undefined}>
          <h3>
            Week {w.index} · {dayLabel(w.start_date)} · {w.phase}
            {w.cutback ? ' (lighter week)' : ''} · {formatDistance(w.planned_km * 1000, units, 1)}
            {w.end_date < today || (w.start_date <= today && today <= w.end_date)
              ? ` · run ${formatDistance(w.done_km * 1000, units, 1)}`
              : ''}
          </h3>
          <ul className="plan-week-list">
            {w.sessions.map((s) => (
              <SessionRow key={s.id} s={s} units={units} />
            ))}
          </ul>
        </li>
      ))}
    </ol>
  );
}

function Calendar({ weeks, units, today }: { weeks: PlanWeek[]; units: Units; today: string }) {
  const first = weeks[0]?.start_date;
  if (!first) return null;
  const offset = (weekday(first) + 6) % 7;
  const head = Array.from({ length: 7 }, (_, i) => WEEKDAYS[(offset + i) % 7]!.slice(0, 3));
  return (
    <div className="plan-calendar" role="table" aria-label="Plan calendar">
      <div role="row" style={{ display: 'contents' }}>
        {head.map((h) => (
          <div key={h} role="columnheader" className="head">
            {h}
          </div>
        ))}
      </div>
      {weeks.map((w) => (
        <div key={w.index} role="row" style={{ display: 'contents' }}>
          {Array.from({ length: 7 }, (_, i) => {
            const date = addDays(w.start_date, i);
            const s = w.sessions.find((x) => x.date === date);
            return (
              <div
                key={date}
                role="cell"
                className={`cell ${s?.status ?? ''} ${date === today ? 'today' : ''}`}
                title={s ? `${typeLabel[s.type]}: ${s.why}` : undefined}
              >
                <span className="meta">{Number(date.slice(8))}</span>
                {s && (
                  <div>
                    <strong>{typeLabel[s.type]}</strong> {formatDistance(s.distance_m, units, 0)}
                    {s.status !== 'planned' && <span className="sr"> {statusLabel[s.status]}</span>}
                  </div>
                )}
              </div>
            );
          })}
        </div>
      ))}
    </div>
  );
}

function FitnessChart({ planId }: { planId: string }) {
  const [series, setSeries] = useState<PlanFitnessSeries | null>(null);
  useEffect(() => {
    api<PlanFitnessSeries>('GET', `/api/training/plans/${planId}/fitness`).then(setSeries, () => setSeries(null));
  }, [planId]);
  if (!series || !series.days.length) return null;
  const d = series.days;
  return (
    <section className="card" aria-labelledby="plan-ffm-h">
      <h2 id="plan-ffm-h">Fitness, fatigue and form</h2>
      <LineChart
        title={`Fitness ${d.at(-1)!.fitness}, fatigue ${d.at(-1)!.fatigue}, form ${d.at(-1)!.form} on ${d.at(-1)!.date}`}
        labels={d.map((x) => dayLabel(x.date))}
        series={[
          { name: 'Fitness (42 days)', className: 'l1', values: d.map((x) => x.fitness) },
          { name: 'Fatigue (7 days)', className: 'l2', values: d.map((x) => x.fatigue) },
          { name: 'Form', className: 'l3', values: d.map((x) => x.form) },
        ]}
        format={(v) => v.toFixed(0)}
      />
      <p className="meta">{series.method}</p>
    </section>
  );
}
