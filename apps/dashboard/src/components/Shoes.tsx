import { useState, type FormEvent } from 'react';
import { api, ApiError, type Gear } from '../api.ts';
import { formatDistance } from '../lib/units.ts';
import { useProfile } from '../profile.tsx';
import { useGet } from '../query.ts';
import { Field, Notice } from '../ui.tsx';

/** Label of a pair in lists and selects: its name, then brand and model when known. */
export function shoeLabel(g: Pick<Gear, 'name' | 'brand' | 'model'>): string {
  const detail = [g.brand, g.model].filter(Boolean).join(' ');
  return detail ? `${g.name} (${detail})` : g.name;
}

/** The runner's shoes with their distance: add, rename, retire, remove (after a confirm). */
export function Shoes({ userId }: { userId: string }) {
  const { prefs } = useProfile();
  const path = `/api/data/users/${encodeURIComponent(userId)}/gear`;
  const list = useGet<{ gear: Gear[] }>(path);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const [renaming, setRenaming] = useState<string | null>(null);
  const [removing, setRemoving] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(what: () => Promise<unknown>, done: string) {
    setBusy(true);
    try {
      await what();
      await list.refetch();
      setStatus({ kind: 'ok', text: done });
      return true;
    } catch (err) {
      setStatus({ kind: 'error', text: err instanceof ApiError ? err.message : 'That did not work. Try again.' });
      return false;
    } finally {
      setBusy(false);
    }
  }
  async function add(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    const name = String(f.get('name') ?? '').trim();
    if (!name) return setStatus({ kind: 'error', text: 'Give the shoes a name.' });
    const brand = String(f.get('brand') ?? '').trim() || null;
    const model = String(f.get('model') ?? '').trim() || null;
    if (await run(() => api('POST', path, { name, brand, model }), `“${name}” added.`)) form.reset();
  }
  async function rename(e: FormEvent<HTMLFormElement>, g: Gear) {
    e.preventDefault();
    const name = String(new FormData(e.currentTarget).get('name') ?? '').trim();
    if (!name) return setStatus({ kind: 'error', text: 'Give the shoes a name.' });
    if (await run(() => api('PATCH', `${path}/${g.id}`, { name }), `Renamed to “${name}”.`)) setRenaming(null);
  }

  const gear = list.data?.gear ?? [];
  return (
    <section className="card form" id="shoes" aria-labelledby="shoes-h">
      <h2 id="shoes-h">Shoes</h2>
      <p className="hint">
        Pick the shoes of a run on its page: each pair adds up the distance of its runs, so you know when to replace it.
      </p>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      {list.isPending && <p aria-busy="true">Loading your shoes…</p>}
      {list.error && <Notice kind="error">{list.error.message}</Notice>}
      {list.data && gear.length === 0 && <p>No shoes yet: add your first pair below.</p>}
      {gear.length > 0 && (
        <ul className="shoes">
          {gear.map((g) => (
            <li key={g.id} className={g.retired ? 'retired' : undefined}>
              {renaming === g.id ? (
                <form className="inline-form" onSubmit={(e) => void rename(e, g)}>
                  <Field label="New name" name="name" defaultValue={g.name} maxLength={100} required autoFocus />
                  <div className="buttons">
                    <button type="submit" disabled={busy}>
                      Save
                    </button>
                    <button type="button" className="secondary" onClick={() => setRenaming(null)}>
                      Cancel
                    </button>
                  </div>
                </form>
              ) : (
                <>
                  <div className="shoe-main">
                    <strong>{shoeLabel(g)}</strong>
                    {g.retired && <span className="badge">Retired</span>}
                    {g.source === 'strava' && <span className="meta"> · from Strava</span>}
                  </div>
                  <div className="shoe-distance">
                    {formatDistance(g.distance_m, prefs.units)}{' '}
                    <span className="meta">
                      · {g.run_count} {g.run_count === 1 ? 'run' : 'runs'}
                    </span>
                  </div>
                  <div className="buttons">
                    <button type="button" className="secondary" onClick={() => setRenaming(g.id)}>
                      Rename<span className="sr-only"> {g.name}</span>
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      onClick={() =>
                        void run(
                          () => api('PATCH', `${path}/${g.id}`, { retired: !g.retired }),
                          g.retired ? `“${g.name}” is back in use.` : `“${g.name}” retired.`,
                        )
                      }
                    >
                      {g.retired ? 'Back in use' : 'Retire'}
                      <span className="sr-only"> {g.name}</span>
                    </button>
                    {removing !== g.id && (
                      <button type="button" className="danger" onClick={() => setRemoving(g.id)}>
                        Remove<span className="sr-only"> {g.name}</span>
                      </button>
                    )}
                  </div>
                  {removing === g.id && (
                    <div className="confirm" role="group" aria-labelledby={`remove-${g.id}`}>
                      <p id={`remove-${g.id}`}>
                        <strong>Remove “{g.name}”?</strong> Its {g.run_count}{' '}
                        {g.run_count === 1 ? 'run stays' : 'runs stay'}, naming no shoes, and its distance is lost.
                        {!g.retired && ' To keep its history, retire it instead.'}
                      </p>
                      <div className="buttons">
                        <button
                          type="button"
                          className="danger"
                          disabled={busy}
                          autoFocus
                          onClick={() =>
                            void run(() => api('DELETE', `${path}/${g.id}`), `“${g.name}” removed.`).then(
                              (ok) => ok && setRemoving(null),
                            )
                          }
                        >
                          Yes, remove it
                        </button>
                        {!g.retired && (
                          <button
                            type="button"
                            className="secondary"
                            disabled={busy}
                            onClick={() =>
                              void run(
                                () => api('PATCH', `${path}/${g.id}`, { retired: true }),
                                `“${g.name}” retired.`,
                              ).then((ok) => ok && setRemoving(null))
                            }
                          >
                            Retire instead
                          </button>
                        )}
                        <button type="button" className="secondary" onClick={() => setRemoving(null)}>
                          Keep it
                        </button>
                      </div>
                    </div>
                  )}
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      <form onSubmit={(e) => void add(e)} className="shoe-add">
        <h3>Add a pair</h3>
        <Field label="Name" name="name" maxLength={100} required placeholder="e.g. Blue racers" />
        <Field label="Brand (optional)" name="brand" maxLength={100} />
        <Field label="Model (optional)" name="model" maxLength={100} />
        <button type="submit" disabled={busy}>
          Add shoes
        </button>
      </form>
    </section>
  );
}
