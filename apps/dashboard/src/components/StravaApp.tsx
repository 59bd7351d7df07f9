// A runner's own Strava API application (for an instance whose Strava application allows only a
// few athletes): registered before connecting, removed while not connected. The secret is sent
// once and never shown again.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import type { StravaAppReply } from '@runnerly/contracts';
import { api, ApiError } from '../api.ts';
import { useSession } from '../session.tsx';
import { Notice } from '../ui.tsx';

export function useStravaApp() {
  const { user } = useSession();
  const [app, setApp] = useState<StravaAppReply | null>(null);
  const reload = useCallback(async () => {
    if (!user) return;
    setApp(await api<StravaAppReply>('GET', `/api/strava/users/${user.id}/app`));
  }, [user]);
  useEffect(() => {
    reload().catch(() => setApp(null));
  }, [reload]);
  return { app, setApp, reload };
}

/** The form (while not connected): register, replace or remove the runner's own application. */
export function StravaAppForm({ app, onChange }: { app: StravaAppReply | null; onChange(next: StravaAppReply): void }) {
  const { user } = useSession();
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (!user || !app) return null;

  async function save(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    setBusy(true);
    setError(null);
    try {
      const next = await api<StravaAppReply>('PUT', `/api/strava/users/${user!.id}/app`, {
        client_id: String(form.get('client_id') ?? '').trim(),
        client_secret: String(form.get('client_secret') ?? '').trim(),
      });
      setOpen(false);
      onChange(next);
    } catch (err) {
      setError(
        err instanceof ApiError && err.status === 400
          ? 'Check the two values: the Client ID is a number, the Client Secret 40 letters and digits (0–9, a–f).'
          : err instanceof ApiError
            ? err.message
            : 'Could not save. Try again.',
      );
    } finally {
      setBusy(false);
    }
  }

  async function remove() {
    setBusy(true);
    setError(null);
    try {
      onChange(await api<StravaAppReply>('DELETE', `/api/strava/users/${user!.id}/app`));
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Could not remove it. Try again.');
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="own-app" aria-labelledby="own-app-h">
      <h3 id="own-app-h">Your own Strava application</h3>
      {app.own_app ? (
        <p>
          Connecting uses <strong>your Strava application</strong> (Client ID {app.client_id}); its secret is stored
          encrypted and is not shown again.
        </p>
      ) : (
        <p className="hint">
          Optional. Strava lets one application connect only a few athletes: if this Runnerly is full, create your own
          application at{' '}
          <a href="https://www.strava.com/settings/api" target="_blank" rel="noreferrer">
            strava.com/settings/api
          </a>{' '}
          with the Authorization Callback Domain <code>{window.location.hostname}</code>, and enter it here before
          connecting. Its own rate limit then serves only you.
        </p>
      )}
      {error && <Notice kind="error">{error}</Notice>}
      {open ? (
        <form className="form" onSubmit={(e) => void save(e)}>
          <div className="row">
            <div className="field">
              <label htmlFor="own-app-id">Client ID</label>
              <input
                id="own-app-id"
                name="client_id"
                inputMode="numeric"
                pattern="[0-9]{1,12}"
                required
                autoComplete="off"
                defaultValue={app.client_id ?? ''}
              />
            </div>
            <div className="field">
              <label htmlFor="own-app-secret">Client Secret</label>
              <input
                id="own-app-secret"
                name="client_secret"
                type="password"
                pattern="[0-9a-fA-F]{40}"
                required
                autoComplete="off"
                aria-describedby="own-app-secret-hint"
              />
              <p className="hint" id="own-app-secret-hint">
                40 characters, shown under “My API Application”.
              </p>
            </div>
          </div>
          <div className="buttons">
            <button type="submit" disabled={busy}>
              {busy ? 'Saving…' : 'Save application'}
            </button>
            <button type="button" className="secondary" onClick={() => setOpen(false)}>
              Cancel
            </button>
          </div>
        </form>
      ) : (
        <div className="buttons">
          <button type="button" className="secondary" onClick={() => setOpen(true)}>
            {app.own_app ? 'Replace application' : 'Use my own application'}
          </button>
          {app.own_app && (
            <button type="button" className="secondary" onClick={() => void remove()} disabled={busy}>
              Remove it
            </button>
          )}
        </div>
      )}
    </div>
  );
}
