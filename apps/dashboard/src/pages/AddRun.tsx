import { useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../api.ts';
import { parseDuration } from '../format.ts';
import { localDate, zonedTimeToUtc } from '@runnerly/calendar';
import { elevationToMetres, elevationUnit, parseDistance } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';

export function AddRun() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  // Distances in the profile's units, dates and times in the profile's zone (not the browser's).
  const { units, time_zone: zone } = prefs;
  const unitName = units === 'mi' ? 'miles' : 'kilometres';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const metres = parseDistance(String(f.get('distance') ?? ''), units);
    const seconds = parseDuration(String(f.get('duration')));
    if (metres === null)
      return setError(`Enter the distance in ${unitName}, for example ${units === 'mi' ? '6.2 or 3.1' : '10 or 5.5'}.`);
    if (!(seconds > 0)) return setError('Enter the time as h:mm:ss or mm:ss, for example 52:30.');
    const start = zonedTimeToUtc(String(f.get('date') ?? ''), String(f.get('time') || '07:00'), zone);
    if (!start) return setError('Enter a valid date and start time.');
    const optional = (name: string) => {
      const v = String(f.get(name) ?? '').trim();
      return v ? Number(v) : null;
    };
    const elevation = optional('elevation');
    setError(null);
    setBusy(true);
    try {
      await api('POST', '/api/data/runs/batch', {
        runs: [
          {
            user_id: user!.id,
            source: 'manual',
            source_id: `manual-${crypto.randomUUID()}`,
            name: String(f.get('name') || 'Run'),
            sport_type: String(f.get('sport') || 'Run'),
            start_time: start.toISOString(),
            timezone: zone,
            distance_m: Math.round(metres),
            moving_time_s: Math.round(seconds),
            elapsed_time_s: Math.round(seconds),
            elevation_gain_m: elevation === null ? null : Math.round(elevationToMetres(elevation, units) * 10) / 10,
            average_heartrate: optional('hr'),
          },
        ],
      });
      navigate('/');
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'The run could not be saved. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <Page title="Add a run">
      {/* Keyed: the profile may arrive after the first render, with another zone's "today". */}
      <form onSubmit={(e) => void submit(e)} className="card form" key={zone}>
        {error && <Notice kind="error">{error}</Notice>}
        <Field label="Name" name="name" defaultValue="Run" maxLength={200} />
        <div className="row">
          <Field label="Date" name="date" type="date" required defaultValue={localDate(new Date(), zone)} />
          <Field
            label="Start time"
            name="time"
            type="time"
            defaultValue="07:00"
            hint={`Your time zone: ${zone.replaceAll('_', ' ')}`}
          />
        </div>
        <div className="row">
          <Field
            label={`Distance (${units})`}
            name="distance"
            inputMode="decimal"
            required
            placeholder={units === 'mi' ? '6.2' : '10'}
          />
          <Field label="Time (h:mm:ss)" name="duration" required placeholder="52:30" />
        </div>
        <div className="row">
          <Field
            label={`Elevation gain (${elevationUnit(units)}, optional)`}
            name="elevation"
            type="number"
            min={0}
            step={1}
          />
          <Field label="Average heart rate (bpm, optional)" name="hr" type="number" min={30} max={250} step={1} />
        </div>
        <div className="field">
          <label htmlFor="sport">Type</label>
          <select id="sport" name="sport" defaultValue="Run">
            <option value="Run">Road run</option>
            <option value="TrailRun">Trail run</option>
            <option value="Treadmill">Treadmill</option>
            <option value="VirtualRun">Virtual run</option>
          </select>
        </div>
        <p className="hint">
          Distances in {unitName}, times in {zone.replaceAll('_', ' ')}:{' '}
          <Link to="/account">change them in Account</Link>.
        </p>
        <button type="submit" disabled={busy}>
          {busy ? 'Saving…' : 'Save run'}
        </button>
      </form>
    </Page>
  );
}
