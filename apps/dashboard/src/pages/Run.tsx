import { lazy, Suspense, useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { decodePolyline } from '@runnerly/activity-files/polyline';
import { Link, useNavigate, useParams } from 'react-router';
import { api, ApiError, type Gear, type RunDetail, type RunRanks, type Split } from '../api.ts';
import { runStart } from '../format.ts';
import { RouteSvg } from '../components/RouteSvg.tsx';
import { RunCharts } from '../components/RunCharts.tsx';
import { rankFor, rankLabel } from '../lib/records.ts';
import { buildSeries, splitLabel, splitsFromStreams, type Streams } from '../lib/series.ts';
import { formatDistance, formatDuration, formatElevation, formatPace, sourceLabel } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useGet } from '../query.ts';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';
import { shoeLabel } from '../components/Shoes.tsx';

type StreamState =
  { state: 'loading' } | { state: 'none' } | { state: 'error'; message: string } | { state: 'ok'; streams: Streams };

const sportLabel: Record<string, string> = {
  Run: 'Run',
  TrailRun: 'Trail run',
  VirtualRun: 'Virtual run',
  Treadmill: 'Treadmill',
};
const workoutLabel: Record<string, string> = {
  race: 'Race',
  long_run: 'Long run',
  workout: 'Workout',
};

// Leaflet and its styles load only for a run shown on a map.
const RunMap = lazy(() => import('../components/RunMap.tsx'));

export default function RunPage() {
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const { prefs } = useProfile();
  const { units, time_zone: zone } = prefs;
  const [run, setRun] = useState<RunDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [streams, setStreams] = useState<StreamState>({ state: 'loading' });
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [editing, setEditing] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const editButton = useRef<HTMLButtonElement>(null);
  const { mapTiles, user } = useSession();
  const gear = useGet<{ gear: Gear[] }>(user ? `/api/data/users/${encodeURIComponent(user.id)}/gear` : null);
  const shoes = gear.data?.gear.find((g) => g.id === run?.gear_id);
  // Where each best effort stands among the runner's: a line of its own, the page does not wait for it.
  const ranks = useGet<RunRanks>(run?.best_efforts?.length ? `/api/data/runs/${encodeURIComponent(id)}/ranks` : null);
  const [mapFailed, setMapFailed] = useState(false);
  // On a map when the operator has tiles on and the browser is online; the SVG line otherwise.
  const mapRoute = useMemo(() => {
    if (!run || !mapTiles || mapFailed || !navigator.onLine) return null;
    const recorded = streams.state === 'ok' && streams.streams.latlng?.length ? streams.streams.latlng : null;
    const route = recorded ?? (run.summary_polyline ? decodePolyline(run.summary_polyline) : []);
    return route.length > 1 ? route : null;
  }, [run, streams, mapTiles, mapFailed]);

  useEffect(() => {
    let live = true;
    setRun(null);
    setError(null);
    setStreams({ state: 'loading' });
    api<RunDetail>('GET', `/api/data/runs/${encodeURIComponent(id)}`).then(
      (r) => {
        if (!live) return;
        setRun(r);
        if (!r.has_streams) return setStreams({ state: 'none' });
        api<Streams>('GET', `/api/data/runs/${encodeURIComponent(id)}/streams`).then(
          (s) => live && setStreams({ state: 'ok', streams: s }),
          (err: unknown) =>
            live &&
            setStreams(
              err instanceof ApiError && err.status === 404
                ? { state: 'none' }
                : {
                    state: 'error',
                    message: err instanceof ApiError ? err.message : 'The charts could not be loaded.',
                  },
            ),
        );
      },
      (err: unknown) => {
        if (!live) return;
        setError(
          err instanceof ApiError && err.status === 404
            ? 'This run does not exist, or it is not yours.'
            : err instanceof ApiError
              ? err.message
              : 'Could not load this run.',
        );
      },
    );
    return () => {
      live = false;
    };
  }, [id]);

  const series = useMemo(() => (streams.state === 'ok' ? buildSeries(streams.streams, units) : null), [streams, units]);
  const splits: { rows: Split[]; computed: boolean } = useMemo(() => {
    const given = units === 'mi' ? run?.splits_mi : run?.splits_km;
    if (given?.length) return { rows: given, computed: false };
    if (streams.state === 'ok') return { rows: splitsFromStreams(streams.streams, units), computed: true };
    return { rows: [], computed: false };
  }, [run, streams, units]);

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const name = String(f.get('name') ?? '').trim();
    if (!name) return setStatus({ kind: 'error', text: 'Give the run a name (up to 200 characters).' });
    const description = String(f.get('description') ?? '').trim();
    const body = {
      name,
      sport_type: String(f.get('sport_type')),
      workout_type: String(f.get('workout_type') ?? '') || null,
      description: description || null,
      gear_id: String(f.get('gear_id') ?? '') || null,
    };
    setBusy(true);
    try {
      const updated = await api<RunDetail>('PATCH', `/api/data/runs/${encodeURIComponent(id)}`, body);
      setRun((r) => (r ? { ...r, ...updated } : r));
      // The shoes' distances moved with the run.
      void gear.refetch();
      setEditing(false);
      setStatus({ kind: 'ok', text: 'Changes saved.' });
      requestAnimationFrame(() => editButton.current?.focus());
    } catch (err) {
      setStatus({
        kind: 'error',
        text: err instanceof ApiError ? err.message : 'The changes could not be saved. Try again.',
      });
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    try {
      await api('DELETE', `/api/data/runs/${encodeURIComponent(id)}`);
      navigate('/', { replace: true, state: { notice: `Run “${run?.name ?? ''}” deleted.` } });
    } catch (err) {
      setBusy(false);
      setStatus({
        kind: 'error',
        text: err instanceof ApiError ? err.message : 'The run could not be deleted. Try again.',
      });
    }
  }

  if (error) {
    return (
      <Page title="Run">
        <Notice kind="error">
          {error} <Link to="/runs">See all your runs</Link>.
        </Notice>
      </Page>
    );
  }
  if (!run)
    return (
      <Page title="Run">
        <p aria-busy="true">Loading the run…</p>
      </Page>
    );

  const latlng = streams.state === 'ok' && streams.streams.latlng?.length ? streams.streams.latlng : null;
  const stats: Array<[string, string]> = [
    ['Date', runStart(run.start_time, run.timezone, zone)],
    ['Distance', formatDistance(run.distance_m, units)],
    ['Time', formatDuration(run.moving_time_s)],
    ['Pace', formatPace(run.moving_time_s, run.distance_m, units)],
    ['Elevation gain', formatElevation(run.elevation_gain_m, units)],
    [
      'Heart rate',
      run.average_heartrate == null
        ? '—'
        : `${Math.round(run.average_heartrate)} bpm${run.max_heartrate ? ` (max ${Math.round(run.max_heartrate)})` : ''}`,
    ],
    ['Cadence', run.average_cadence == null ? '—' : `${Math.round(run.average_cadence)} spm`],
  ];
  if (run.elapsed_time_s && run.elapsed_time_s - run.moving_time_s >= 30)
    stats.splice(4, 0, ['Elapsed', formatDuration(run.elapsed_time_s)]);
  const sources = run.sources?.length ? run.sources : [{ source: run.source, source_id: run.source_id }];

  return (
    <Page title={run.name || sportLabel[run.sport_type] || 'Run'}>
      <p className="meta run-sub">
        {sportLabel[run.sport_type] ?? run.sport_type}
        {run.workout_type ? ` · ${workoutLabel[run.workout_type] ?? run.workout_type}` : ''}
        {shoes ? ` · ${shoeLabel(shoes)}` : ''}
        {run.device ? ` · ${run.device}` : ''} · <Link to="/runs">All runs</Link>
      </p>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}

      <div className="run-top">
        <section className="card run-route" aria-labelledby="route-h">
          <h2 id="route-h" className="sr-only">
            Route
          </h2>
          {mapRoute ? (
            <Suspense fallback={<div className="run-map" aria-busy="true" />}>
              <RunMap
                route={mapRoute}
                tiles={mapTiles!}
                label={`Map of the route, ${formatDistance(run.distance_m, units)}; green dot start, red dot finish`}
                onFail={() => setMapFailed(true)}
              />
            </Suspense>
          ) : (
            <RouteSvg
              polyline={run.summary_polyline}
              latlng={latlng}
              width={600}
              height={400}
              className="route-big"
              label={`Route of the run, ${formatDistance(run.distance_m, units)}; green dot start, red dot finish`}
            />
          )}
          <p className="legend">
            <span className="dot dot-start" aria-hidden="true" /> Start{' '}
            <span className="dot dot-finish" aria-hidden="true" /> Finish
          </p>
        </section>
        <section className="card" aria-labelledby="numbers-h">
          <h2 id="numbers-h" className="sr-only">
            Key numbers
          </h2>
          <dl className="stats">
            {stats.map(([k, v], i) => (
              <div key={k} className={i < 4 ? 'stat key' : 'stat'}>
                <dt>{k}</dt>
                <dd>{v}</dd>
              </div>
            ))}
          </dl>
        </section>
      </div>

      <section className="card" aria-labelledby="charts-h">
        <h2 id="charts-h">Pace, heart rate and elevation</h2>
        {streams.state === 'loading' && (
          <div className="charts-slot loading" aria-busy="true">
            <p>Loading the charts…</p>
          </div>
        )}
        {streams.state === 'error' && <Notice kind="error">{streams.message} Reload the page to try again.</Notice>}
        {(streams.state === 'none' || (streams.state === 'ok' && !series)) && (
          <p className="empty-charts">
            Charts need a recorded file with distance over time (GPX, TCX or FIT from a watch or phone, or a Strava
            activity with its streams). This run only has its summary{run.summary_polyline ? ', its route' : ''}
            {splits.rows.length ? ' and its splits' : ''}.
          </p>
        )}
        {series && (
          <div className="charts-slot ready">
            <RunCharts series={series} units={units} />
          </div>
        )}
      </section>

      <div className="run-tables">
        <section className="card" aria-labelledby="splits-h">
          <h2 id="splits-h">Splits ({units === 'mi' ? 'miles' : 'km'})</h2>
          {splits.rows.length === 0 ? (
            <p>No splits for this run: they come with recorded files and Strava activities.</p>
          ) : (
            <div className="table-scroll">
              <table className="data splits">
                <caption className="sr-only">
                  Splits per {units === 'mi' ? 'mile' : 'kilometre'}
                  {splits.computed ? ', computed from the recorded streams' : ''}
                </caption>
                <thead>
                  <tr>
                    <th scope="col">{units}</th>
                    <th scope="col" className="num">
                      Pace
                    </th>
                    <th scope="col" className="num">
                      Time
                    </th>
                    <th scope="col" className="num">
                      Elev.
                    </th>
                    <th scope="col" className="num">
                      HR
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {splits.rows.map((s) => {
                    return (
                      <tr key={s.index}>
                        <th scope="row">{splitLabel(s, units)}</th>
                        <td className="num">{formatPace(s.moving_time_s, s.distance_m, units)}</td>
                        <td className="num">{formatDuration(s.moving_time_s)}</td>
                        <td className="num">
                          {s.elevation_difference_m == null
                            ? '—'
                            : `${s.elevation_difference_m > 0 ? '+' : ''}${formatElevation(s.elevation_difference_m, units)}`}
                        </td>
                        <td className="num">{s.average_heartrate == null ? '—' : Math.round(s.average_heartrate)}</td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
          )}
        </section>
        <div>
          <section className="card" aria-labelledby="efforts-h">
            <h2 id="efforts-h">Best efforts</h2>
            {!run.best_efforts?.length ? (
              <p>No best efforts recorded for this run.</p>
            ) : (
              <table className="data">
                <caption className="sr-only">Fastest times over standard distances within this run</caption>
                <thead>
                  <tr>
                    <th scope="col">Distance</th>
                    <th scope="col" className="num">
                      Time
                    </th>
                    <th scope="col" className="num">
                      Pace
                    </th>
                    <th scope="col">Rank</th>
                  </tr>
                </thead>
                <tbody>
                  {run.best_efforts.map((b) => {
                    const rank = ranks.data ? rankFor(b.distance_m, ranks.data.efforts) : undefined;
                    return (
                      <tr key={b.name} className={rank?.rank === 1 ? 'record' : undefined}>
                        <th scope="row">{b.name}</th>
                        <td className="num">{formatDuration(b.elapsed_time_s)}</td>
                        <td className="num">{formatPace(b.elapsed_time_s, b.distance_m, units)}</td>
                        <td className="rank">
                          {rank ? (
                            <Link to="/records">{rankLabel(rank, ranks.data!.year)}</Link>
                          ) : (
                            <span className="muted">{ranks.isPending ? '…' : '—'}</span>
                          )}
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            )}
          </section>
          <section className="card" aria-labelledby="source-h">
            <h2 id="source-h">Source</h2>
            <ul className="sources">
              {sources.map((s) => (
                <li key={`${s.source}:${s.source_id}`}>
                  <strong>{sourceLabel(s.source)}</strong>{' '}
                  {s.source === 'strava' ? (
                    <a
                      href={`https://www.strava.com/activities/${encodeURIComponent(s.source_id)}`}
                      rel="noreferrer noopener"
                      target="_blank"
                    >
                      activity {s.source_id}
                    </a>
                  ) : (
                    <span className="meta">
                      {s.source_id.length > 24 ? `${s.source_id.slice(0, 24)}…` : s.source_id}
                    </span>
                  )}
                </li>
              ))}
            </ul>
            {sources.some((s) => s.source === 'file') && (
              <p>
                <a href={`/api/runs/${encodeURIComponent(run.id)}/original`} download>
                  Download original file
                </a>
              </p>
            )}
            {run.description && <p className="description">{run.description}</p>}
          </section>
          <section className="card" aria-labelledby="manage-h">
            <h2 id="manage-h">Manage</h2>
            {editing ? (
              <form className="inline-form run-edit" onSubmit={(e) => void save(e)}>
                <Field label="Run name" name="name" defaultValue={run.name} maxLength={200} required autoFocus />
                <div className="row">
                  <div className="field">
                    <label htmlFor="run-sport">Type</label>
                    <select id="run-sport" name="sport_type" defaultValue={run.sport_type}>
                      {Object.entries(sportLabel).map(([v, label]) => (
                        <option key={v} value={v}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                  <div className="field">
                    <label htmlFor="run-workout">Kind of session</label>
                    <select id="run-workout" name="workout_type" defaultValue={run.workout_type ?? ''}>
                      <option value="">Ordinary run</option>
                      {Object.entries(workoutLabel).map(([v, label]) => (
                        <option key={v} value={v}>
                          {label}
                        </option>
                      ))}
                    </select>
                  </div>
                </div>
                <div className="field">
                  <label htmlFor="run-gear">Shoes</label>
                  <select
                    id="run-gear"
                    name="gear_id"
                    defaultValue={run.gear_id ?? ''}
                    aria-describedby="run-gear-hint"
                    key={gear.data ? 'ready' : 'loading'}
                  >
                    <option value="">No shoes set</option>
                    {(gear.data?.gear ?? [])
                      .filter((g) => !g.retired || g.id === run.gear_id)
                      .map((g) => (
                        <option key={g.id} value={g.id}>
                          {shoeLabel(g)}
                          {g.retired ? ' (retired)' : ''}
                        </option>
                      ))}
                  </select>
                  <p className="hint" id="run-gear-hint">
                    Add and retire shoes on the <Link to="/account#shoes">Account</Link> page.
                  </p>
                </div>
                <div className="field">
                  <label htmlFor="run-description">Description</label>
                  <textarea
                    id="run-description"
                    name="description"
                    defaultValue={run.description ?? ''}
                    maxLength={10_000}
                    rows={4}
                  />
                </div>
                <div className="buttons">
                  <button type="submit" disabled={busy}>
                    Save changes
                  </button>
                  <button type="button" className="secondary" onClick={() => setEditing(false)}>
                    Cancel
                  </button>
                </div>
              </form>
            ) : (
              <div className="buttons">
                <button
                  type="button"
                  ref={editButton}
                  onClick={() => {
                    setEditing(true);
                    setConfirming(false);
                    setStatus(null);
                  }}
                >
                  Edit
                </button>
                {!confirming && (
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      setConfirming(true);
                      setEditing(false);
                    }}
                  >
                    Delete run
                  </button>
                )}
              </div>
            )}
            {confirming && (
              <div className="confirm" role="group" aria-labelledby="confirm-h">
                <p id="confirm-h">
                  <strong>Delete this run?</strong> Its route, splits and streams go too. This cannot be undone.
                </p>
                <div className="buttons">
                  <button type="button" className="danger" disabled={busy} onClick={() => void remove()} autoFocus>
                    Yes, delete it
                  </button>
                  <button type="button" className="secondary" onClick={() => setConfirming(false)}>
                    Keep it
                  </button>
                </div>
              </div>
            )}
          </section>
        </div>
      </div>
    </Page>
  );
}
