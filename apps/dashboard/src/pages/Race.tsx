import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import type { Race, RaceEntry, RaceGoal, UserRacesResponse } from '@runnerly/contracts';
import { localDate } from '@runnerly/calendar';
import { api, ApiError } from '../api.ts';
import { RaceForm } from '../components/RaceForm.tsx';
import { parseDuration } from '../format.ts';
import { daysToGo, goalText, raceDistance, raceWhen } from '../lib/races.ts';
import { formatDuration, formatPace } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';

const message = (err: unknown, fallback: string) => (err instanceof ApiError ? err.message : fallback);

/** One race: what, when, where, how many run it; "I'm running it" with a goal; the result; the creator's changes. */
export default function RacePage() {
  const { id = '' } = useParams();
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone } = prefs;
  const navigate = useNavigate();
  const [race, setRace] = useState<Race | null>(null);
  const [entry, setEntry] = useState<RaceEntry | null | undefined>(undefined);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [busy, setBusy] = useState(false);
  const entryPath = user ? `/api/races/races/${id}/participants/${user.id}` : '';

  const load = useCallback(async () => {
    try {
      setRace(await api<Race>('GET', `/api/races/races/${id}`));
    } catch (err) {
      setError(message(err, 'Could not load the race.'));
      return;
    }
    if (!user) return;
    try {
      // From the runner's own list: a race they have not marked is no error to show.
      const mine = await api<UserRacesResponse>('GET', `/api/races/users/${user.id}/races`);
      setEntry(mine.races.find((e) => e.race.id === id) ?? null);
    } catch (err) {
      setError(message(err, 'Could not load your entry.'));
    }
  }, [id, user]);
  useEffect(() => {
    void load();
  }, [load]);

  async function act(what: () => Promise<unknown>, ok: string) {
    setBusy(true);
    setError(null);
    setDone(null);
    try {
      await what();
      await load();
      setDone(ok);
    } catch (err) {
      setError(message(err, 'That did not work. Try again.'));
    } finally {
      setBusy(false);
    }
  }

  function saveGoal(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    let goal: RaceGoal = { kind: 'finish' };
    if (f.get('goal') === 'time') {
      const s = parseDuration(String(f.get('target') ?? ''));
      if (!(s > 0)) return setError('Enter the target time as h:mm:ss, for example 3:45:00.');
      goal = { kind: 'time', target_s: Math.round(s) };
    }
    void act(() => api('PUT', entryPath, { goal }), entry ? 'Your goal is saved.' : "You're running it.");
  }

  function saveResult(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const s = parseDuration(String(new FormData(e.currentTarget).get('result') ?? ''));
    if (!(s > 0)) return setError('Enter your time as h:mm:ss, for example 3:52:10.');
    void act(() => api('PUT', `${entryPath}/result`, { elapsed_time_s: Math.round(s) }), 'Your result is saved.');
  }

  if (!race)
    return (
      <Page title="Race">
        {error ? (
          <Notice kind="error">
            {error} <Link to="/races">Back to the races</Link>
          </Notice>
        ) : (
          <p aria-busy="true">Loading the race…</p>
        )}
      </Page>
    );

  const mineToEdit = user?.id === race.created_by;
  const started = Date.parse(race.start_time) <= Date.now();
  const cancelled = race.status === 'cancelled';
  const raceDay = localDate(race.start_time, race.timezone);
  const elsewhere = race.timezone !== zone;

  return (
    <Page title={race.name}>
      <p>
        <Link to="/races">← All races</Link>
      </p>
      {cancelled && <Notice kind="info">This race was cancelled.</Notice>}
      {error && <Notice kind="error">{error}</Notice>}
      {done && <Notice kind="ok">{done}</Notice>}
      <section className="card" aria-label="The race">
        <dl className="stats race-facts">
          <div className="stat">
            <dt>Date</dt>
            <dd>{raceWhen(race)}</dd>
          </div>
          <div className="stat">
            <dt>Distance</dt>
            <dd>{raceDistance(race, units)}</dd>
          </div>
          <div className="stat">
            <dt>Place</dt>
            <dd>{race.place}</dd>
          </div>
          <div className="stat">
            <dt>Runners</dt>
            <dd>{race.participants}</dd>
          </div>
        </dl>
        <p className="muted">
          {started ? 'Took place' : 'Starts'} {daysToGo(raceDay, localDate(new Date(), race.timezone))}, local time in{' '}
          {race.timezone.replaceAll('_', ' ')}
          {elsewhere && <> ({raceWhen({ start_time: race.start_time, timezone: zone })} in your zone)</>}.
        </p>
        {race.elevation_note && <p>Elevation: {race.elevation_note}</p>}
        {race.url && (
          <p>
            <a href={race.url} rel="noopener noreferrer nofollow" target="_blank">
              The race's web page
            </a>
          </p>
        )}
      </section>

      {entry === undefined ? null : (
        <section className="card" aria-labelledby="entry-title">
          <h2 id="entry-title">{entry ? "I'm running it" : 'Are you running it?'}</h2>
          {entry && (
            <p>
              Your goal: <strong>{goalText(entry.goal, race.distance_m, units)}</strong>
            </p>
          )}
          {!cancelled && !started && (
            <form onSubmit={saveGoal} aria-label="Goal" className="form">
              <fieldset className="radios">
                <legend>Goal</legend>
                <label>
                  <input
                    type="radio"
                    name="goal"
                    value="finish"
                    defaultChecked={!entry || entry.goal.kind === 'finish'}
                  />{' '}
                  Finish it
                </label>
                <label>
                  <input type="radio" name="goal" value="time" defaultChecked={entry?.goal.kind === 'time'} /> A target
                  time
                </label>
              </fieldset>
              <Field
                label="Target time (h:mm:ss)"
                name="target"
                placeholder={race.distance_m > 30_000 ? '3:45:00' : '50:00'}
                defaultValue={entry?.goal.kind === 'time' ? formatDuration(entry.goal.target_s) : ''}
              />
              <div className="buttons">
                <button type="submit" disabled={busy}>
                  {entry ? 'Save goal' : "I'm running it"}
                </button>
                {entry && (
                  <button
                    type="button"
                    className="secondary"
                    disabled={busy}
                    onClick={() => void act(() => api('DELETE', entryPath), 'You are no longer running it.')}
                  >
                    Not running it
                  </button>
                )}
              </div>
            </form>
          )}
          {entry && started && (
            <>
              <p>
                Result:{' '}
                {entry.result ? (
                  <strong>
                    {formatDuration(entry.result.elapsed_time_s)} (
                    {formatPace(entry.result.elapsed_time_s, race.distance_m, units)})
                  </strong>
                ) : (
                  'none yet: it comes from your run of the race day once imported, or type it in'
                )}
                {entry.result?.run_id && (
                  <>
                    {' '}
                    — from <Link to={`/runs/${entry.result.run_id}`}>your run</Link>
                  </>
                )}
              </p>
              {!cancelled && (
                <form onSubmit={saveResult} aria-label="Result" className="row">
                  <Field label="Your time (h:mm:ss)" name="result" placeholder="3:52:10" />
                  <div className="field">
                    <span aria-hidden="true">&nbsp;</span>
                    <button type="submit" disabled={busy}>
                      Save result
                    </button>
                  </div>
                </form>
              )}
            </>
          )}
          {!entry && (cancelled || started) && <p className="muted">This race can no longer be marked.</p>}
        </section>
      )}

      {mineToEdit && (
        <section className="card" aria-labelledby="owner-title">
          <h2 id="owner-title">You added this race</h2>
          <div className="buttons">
            <button type="button" className="secondary" onClick={() => setEditing(!editing)}>
              {editing ? 'Close the form' : 'Change it'}
            </button>
            <button
              type="button"
              className="secondary"
              disabled={busy}
              onClick={() =>
                void act(
                  () => api('PATCH', `/api/races/races/${race.id}`, { status: cancelled ? 'scheduled' : 'cancelled' }),
                  cancelled ? 'The race is on again.' : 'The race is cancelled.',
                )
              }
            >
              {cancelled ? 'Take back the cancellation' : 'Cancel the race'}
            </button>
            <button
              type="button"
              className="danger"
              disabled={busy || race.participants > 0}
              aria-describedby="delete-hint"
              onClick={() => {
                if (!window.confirm(`Delete ${race.name}?`)) return;
                setBusy(true);
                api('DELETE', `/api/races/races/${race.id}`).then(
                  () => navigate('/races'),
                  (err: unknown) => {
                    setBusy(false);
                    setError(message(err, 'The race could not be deleted.'));
                  },
                );
              }}
            >
              Delete
            </button>
          </div>
          <p className="hint" id="delete-hint">
            {race.participants > 0
              ? 'Runners have marked it: it can be cancelled, not deleted.'
              : 'Nobody has marked it yet: it can be deleted.'}
          </p>
          {editing && (
            <RaceForm
              race={race}
              zone={zone}
              units={units}
              onSaved={(r) => {
                setRace(r);
                setEditing(false);
                setDone('The race is saved.');
              }}
            />
          )}
        </section>
      )}
    </Page>
  );
}
