import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api.ts';
import { parseDuration } from '../format.ts';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';

function today(): string {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

export function AddRun() {
  const { user } = useSession();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const zone = Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const distanceKm = Number(String(f.get('distance')).replace(',', '.'));
    const seconds = parseDuration(String(f.get('duration')));
    if (!(distanceKm > 0)) return setError('Enter the distance in kilometres, for example 10 or 5.5.');
    if (!(seconds > 0)) return setError('Enter the time as h:mm:ss or mm:ss, for example 52:30.');
    const start = new Date(`${f.get('date')}T${f.get('time') || '07:00'}`);
    if (Number.isNaN(start.getTime())) return setError('Enter a valid date and start time.');
    const optional = (name: string) => { const v = String(f.get(name) ?? '').trim(); return v ? Number(v) : null; };
    setError(null);
    setBusy(true);
    try {
      await api('POST', '/api/data/runs/batch', {
        runs: [{
          user_id: user!.id, source: 'manual', source_id: `manual-${crypto.randomUUID()}`,
          name: String(f.get('name') || 'Run'), sport_type: String(f.get('sport') || 'Run'),
          start_time: start.toISOString(), timezone: zone,
          distance_m: Math.round(distanceKm * 1000), moving_time_s: Math.round(seconds), elapsed_time_s: Math.round(seconds),
          elevation_gain_m: optional('elevation'), average_heartrate: optional('hr'),
        }],
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
      <form onSubmit={(e) => void submit(e)} className="card form">
        {error && <Notice kind="error">{error}</Notice>}
        <Field label="Name" name="name" defaultValue="Run" maxLength={200} />
        <div className="row">
          <Field label="Date" name="date" type="date" required defaultValue={today()} />
          <Field label="Start time" name="time" type="time" defaultValue="07:00" />
        </div>
        <div className="row">
          <Field label="Distance (km)" name="distance" inputMode="decimal" required placeholder="10" />
          <Field label="Time (h:mm:ss)" name="duration" required placeholder="52:30" />
        </div>
        <div className="row">
          <Field label="Elevation gain (m, optional)" name="elevation" type="number" min={0} step={1} />
          <Field label="Average heart rate (bpm, optional)" name="hr" type="number" min={30} max={250} step={1} />
        </div>
        <div className="field">
          <label htmlFor="sport">Type</label>
          <select id="sport" name="sport" defaultValue="Run">
            <option value="Run">Road run</option><option value="TrailRun">Trail run</option>
            <option value="Treadmill">Treadmill</option><option value="VirtualRun">Virtual run</option>
          </select>
        </div>
        <p className="hint">Times are in your time zone ({zone}).</p>
        <button type="submit" disabled={busy}>{busy ? 'Saving…' : 'Save run'}</button>
      </form>
    </Page>
  );
}
