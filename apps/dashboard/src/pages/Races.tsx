import { useEffect, useState, type FormEvent } from 'react';
import { Link, useNavigate } from 'react-router';
import type { Race, RaceDistance, RaceEntry, RaceList, UserRacesResponse } from '@runnerly/contracts';
import { localDate } from '@runnerly/calendar';
import { api, ApiError } from '../api.ts';
import { RaceForm } from '../components/RaceForm.tsx';
import { daysToGo, distanceNames, goalText, raceDistance, raceQuery, raceWhen } from '../lib/races.ts';
import { formatDuration } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';

const PAGE = 20;
type Filters = { q: string; from: string; to: string; distance: string };
const none: Filters = { q: '', from: '', to: '', distance: '' };

/** Every runner's races: mine first, then the upcoming ones with search, filters and pages. */
export default function RacesPage() {
  const { user } = useSession();
  const { prefs } = useProfile();
  const { units, time_zone: zone } = prefs;
  const [filters, setFilters] = useState<Filters>(none);
  const [offset, setOffset] = useState(0);
  const [list, setList] = useState<RaceList | null>(null);
  const [mine, setMine] = useState<RaceEntry[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => (err instanceof ApiError ? err.message : 'Could not load the races.');

  useEffect(() => {
    let live = true;
    setError(null);
    api<RaceList>('GET', `/api/races/races?${raceQuery(filters, offset, PAGE)}`).then(
      (l) => live && setList(l),
      (e: unknown) => live && setError(fail(e)),
    );
    return () => {
      live = false;
    };
  }, [filters, offset]);
  useEffect(() => {
    if (!user) return;
    api<UserRacesResponse>('GET', `/api/races/users/${user.id}/races`).then(
      (r) => setMine(r.races),
      (e: unknown) => setError(fail(e)),
    );
  }, [user]);

  function search(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const v = (k: string) => String(f.get(k) ?? '');
    setOffset(0);
    setFilters({ q: v('q'), from: v('from'), to: v('to'), distance: v('distance') });
  }

  const today = localDate(new Date(), zone);
  const marked = new Set((mine ?? []).map((e) => e.race.id));
  const upcomingMine = (mine ?? []).filter((e) => Date.parse(e.race.start_time) > Date.now());
  const results = (mine ?? []).filter((e) => Date.parse(e.race.start_time) <= Date.now()).reverse();
  const filtered = filters.q || filters.from || filters.to || filters.distance;

  return (
    <Page title="Races">
      <div className="section-head">
        <p className="muted">Races every runner added. Mark the ones you will run and set a goal.</p>
        <Link className="button" to="/races/new">
          Add a race
        </Link>
      </div>
      {error && <Notice kind="error">{error}</Notice>}

      {upcomingMine.length > 0 && (
        <section aria-labelledby="mine-title" className="card">
          <h2 id="mine-title">I'm running</h2>
          <ul className="race-list">
            {upcomingMine.map((e) => (
              <li key={e.race.id}>
                <Link to={`/races/${e.race.id}`}>{e.race.name}</Link>{' '}
                <span className="muted">
                  {raceDistance(e.race, units)} · {raceWhen(e.race)} ·{' '}
                  {daysToGo(localDate(e.race.start_time, e.race.timezone), today)} · goal:{' '}
                  {goalText(e.goal, e.race.distance_m, units)}
                </span>
                {e.race.status === 'cancelled' && <span className="badge badge-cancelled">Cancelled</span>}
              </li>
            ))}
          </ul>
        </section>
      )}
      {results.length > 0 && (
        <section aria-labelledby="results-title" className="card">
          <h2 id="results-title">My results</h2>
          <ul className="race-list">
            {results.map((e) => (
              <li key={e.race.id}>
                <Link to={`/races/${e.race.id}`}>{e.race.name}</Link>{' '}
                <span className="muted">
                  {raceDistance(e.race, units)} · {raceWhen(e.race)} ·{' '}
                  {e.result ? formatDuration(e.result.elapsed_time_s) : 'no result yet'}
                </span>
              </li>
            ))}
          </ul>
        </section>
      )}

      <form className="card filters" role="search" aria-label="Find races" onSubmit={search}>
        <div className="row">
          <Field label="Name" name="q" type="search" placeholder="marathon, Paris…" defaultValue={filters.q} />
          <div className="field">
            <label htmlFor="race-filter-distance">Distance</label>
            <select id="race-filter-distance" name="distance" defaultValue={filters.distance}>
              <option value="">Any</option>
              {(Object.keys(distanceNames) as RaceDistance[]).map((d) => (
                <option key={d} value={d}>
                  {distanceNames[d]}
                </option>
              ))}
            </select>
          </div>
          <Field label="From" name="from" type="date" defaultValue={filters.from} />
          <Field label="To" name="to" type="date" defaultValue={filters.to} />
        </div>
        <div className="buttons">
          <button type="submit">Search</button>
          {filtered && (
            <button
              type="reset"
              className="secondary"
              onClick={() => {
                setOffset(0);
                setFilters(none);
              }}
            >
              Show all upcoming
            </button>
          )}
        </div>
      </form>

      <section aria-labelledby="list-title" aria-busy={!list}>
        <h2 id="list-title">{filtered ? 'Races found' : 'Upcoming races'}</h2>
        {!list ? (
          <p aria-busy="true">Loading the races…</p>
        ) : list.races.length === 0 ? (
          <div className="card empty">
            <h3>{filtered ? 'No race matches' : 'No upcoming race yet'}</h3>
            <p>
              {filtered ? 'Try fewer words or a wider date range, or ' : 'Be the first: '}
              <Link to="/races/new">add a race</Link>.
            </p>
          </div>
        ) : (
          <>
            <div className="table-scroll">
              <table className="runs races">
                <thead>
                  <tr>
                    <th scope="col">Date</th>
                    <th scope="col">Race</th>
                    <th scope="col">Distance</th>
                    <th scope="col">Place</th>
                    <th scope="col" className="num">
                      Runners
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {list.races.map((r: Race) => (
                    <tr key={r.id}>
                      <td data-label="Date">{raceWhen(r)}</td>
                      <td data-label="Race">
                        <Link to={`/races/${r.id}`}>{r.name}</Link>
                        {marked.has(r.id) && <span className="badge">I'm running</span>}
                        {r.status === 'cancelled' && <span className="badge badge-cancelled">Cancelled</span>}
                      </td>
                      <td data-label="Distance">{raceDistance(r, units)}</td>
                      <td data-label="Place">{r.place}</td>
                      <td data-label="Runners" className="num">
                        {r.participants}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <nav className="buttons pager" aria-label="Pages">
              <button
                type="button"
                className="secondary"
                disabled={offset === 0}
                onClick={() => setOffset(Math.max(0, offset - PAGE))}
              >
                Previous
              </button>
              <span className="muted">
                {offset + 1}–{offset + list.races.length} of {list.total}
              </span>
              <button
                type="button"
                className="secondary"
                disabled={list.next_offset === null}
                onClick={() => list.next_offset !== null && setOffset(list.next_offset)}
              >
                Next
              </button>
            </nav>
          </>
        )}
      </section>
    </Page>
  );
}

/** The add form on its own page; a saved race opens its page. */
export function NewRacePage() {
  const { prefs } = useProfile();
  const navigate = useNavigate();
  return (
    <Page title="Add a race">
      <p className="muted">Every runner will see it. The date and start time are the race's own, in its time zone.</p>
      <RaceForm zone={prefs.time_zone} units={prefs.units} onSaved={(r) => navigate(`/races/${r.id}`)} />
    </Page>
  );
}
