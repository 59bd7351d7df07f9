import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import type { Race, RaceDistance, RaceInput } from '@runnerly/contracts';
import { api, ApiError } from '../api.ts';
import { distanceNames, timeZones } from '../lib/races.ts';
import { parseDistance, unitLength, type Units } from '../lib/units.ts';
import { Field, Notice } from '../ui.tsx';

const distances = Object.keys(distanceNames) as RaceDistance[];

/**
 * Adds a race (no `race`) or changes one. The date and time are the race's own, in its zone
 * (the runner's zone unless they pick another). A race already there is pointed to.
 */
export function RaceForm({
  race,
  zone,
  units,
  onSaved,
}: {
  race?: Race;
  zone: string;
  units: Units;
  onSaved: (race: Race) => void;
}) {
  const [error, setError] = useState<{ message: string; existing?: string } | null>(null);
  const [busy, setBusy] = useState(false);
  const [distance, setDistance] = useState<RaceDistance>(race?.distance ?? '10k');
  const zones = useMemo(() => timeZones(race?.timezone ?? zone), [race?.timezone, zone]);
  const [date, time] = race ? race.start_local.split('T') : ['', '09:00'];

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const text = (k: string) => String(f.get(k) ?? '').trim();
    const body: RaceInput = {
      name: text('name'),
      start_local: `${text('date')}T${text('time') || '09:00'}`,
      timezone: text('timezone'),
      distance,
      place: text('place'),
      url: text('url') || null,
      elevation_note: text('elevation_note') || null,
    };
    if (distance === 'custom') {
      const metres = parseDistance(text('distance_m'), units);
      if (metres === null || !(metres > 0))
        return setError({ message: `Enter the distance in ${units}, for example ${units === 'mi' ? '31' : '50'}.` });
      body.distance_m = Math.round(metres);
    }
    setError(null);
    setBusy(true);
    try {
      const saved = race
        ? await api<Race>('PATCH', `/api/races/races/${race.id}`, body)
        : await api<Race>('POST', '/api/races/races', body);
      onSaved(saved);
    } catch (err) {
      if (err instanceof ApiError)
        setError({ message: err.message, ...(err.extra.race_id ? { existing: String(err.extra.race_id) } : {}) });
      else setError({ message: 'The race could not be saved. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} className="card form" aria-label={race ? 'Change the race' : 'Add a race'}>
      {error && (
        <Notice kind="error">
          {error.message} {error.existing && <Link to={`/races/${error.existing}`}>See the race already there</Link>}
        </Notice>
      )}
      <Field label="Name" name="name" required maxLength={120} defaultValue={race?.name} placeholder="Paris Marathon" />
      <div className="row">
        <Field label="Date" name="date" type="date" required defaultValue={date} />
        <Field label="Start time" name="time" type="time" required defaultValue={time} />
      </div>
      <div className="field">
        <label htmlFor="race-zone">Time zone of the race</label>
        <select id="race-zone" name="timezone" defaultValue={race?.timezone ?? zone}>
          {zones.map((z) => (
            <option key={z} value={z}>
              {z.replaceAll('_', ' ')}
            </option>
          ))}
        </select>
      </div>
      <div className="row">
        <div className="field">
          <label htmlFor="race-distance">Distance</label>
          <select
            id="race-distance"
            name="distance"
            value={distance}
            onChange={(e) => setDistance(e.target.value as RaceDistance)}
          >
            {distances.map((d) => (
              <option key={d} value={d}>
                {distanceNames[d]}
              </option>
            ))}
          </select>
        </div>
        {distance === 'custom' && (
          <Field
            label={`Distance (${units})`}
            name="distance_m"
            inputMode="decimal"
            required
            defaultValue={
              race?.distance === 'custom' ? String(Math.round((race.distance_m / unitLength(units)) * 100) / 100) : ''
            }
          />
        )}
      </div>
      <Field label="Place" name="place" required maxLength={120} defaultValue={race?.place} placeholder="Paris" />
      <Field
        label="Web page (optional)"
        name="url"
        type="url"
        maxLength={500}
        defaultValue={race?.url ?? ''}
        placeholder="https://"
      />
      <Field
        label="Elevation (optional)"
        name="elevation_note"
        maxLength={500}
        defaultValue={race?.elevation_note ?? ''}
        hint="For example: flat, one hill at km 30"
      />
      <button type="submit" disabled={busy}>
        {busy ? 'Saving…' : race ? 'Save changes' : 'Add the race'}
      </button>
    </form>
  );
}
