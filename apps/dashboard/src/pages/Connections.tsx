import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { stravaOutcome } from '../lib/progress.ts';
import { StateBadge, SyncProgress, useStravaStatus } from '../components/SyncProgress.tsx';
import { RejectedActivities } from '../components/RejectedActivities.tsx';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';
import { RecentImports } from './Import.tsx';
import { StravaAppForm, useStravaApp } from '../components/StravaApp.tsx';

/** Whether an authorize URL is Strava's own (otherwise: the simulator that `npm start` runs). */
export function isRealStrava(url: string): boolean {
  try {
    return /(^|\.)strava\.com$/.test(new URL(url).hostname);
  } catch {
    return false;
  }
}

export default function Connections() {
  const [params, setParams] = useSearchParams();
  const outcome = params.get('strava');
  const [message, setMessage] = useState(outcome ? stravaOutcome(outcome) : null);
  useEffect(() => {
    if (!outcome) return;
    setMessage(stravaOutcome(outcome));
    // The message stays; the address loses it (a reload does not show it again).
    setParams(
      (p) => {
        p.delete('strava');
        return p;
      },
      { replace: true },
    );
  }, [outcome, setParams]);
  return (
    <Page title="Connections and imports">
      {message && <Notice kind={message.kind}>{message.text}</Notice>}
      <StravaCard onMessage={setMessage} />
      <section className="card" aria-labelledby="files-h">
        <div className="section-head">
          <h2 id="files-h">Files and Strava exports</h2>
          <Link className="button" to="/import">
            Upload files
          </Link>
        </div>
        <p>
          Upload GPX, TCX or FIT files from your watch (also <code>.gz</code>), or the ZIP of a whole Strava account
          export (Strava → Settings → My Account → Download or Delete Your Account → Request your archive). Runs already
          here are not added twice.
        </p>
        <RecentImports limit={5} />
      </section>
    </Page>
  );
}

function StravaCard({ onMessage }: { onMessage(m: { kind: 'ok' | 'error' | 'info'; text: string } | null): void }) {
  const { user } = useSession();
  const [error, setError] = useState<string | null>(null);
  const [authorize, setAuthorize] = useState<{ url: string; at: number } | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [deleteRuns, setDeleteRuns] = useState(false);
  const disconnectButton = useRef<HTMLButtonElement>(null);

  // While syncing, the numbers move: the hook asks again every few seconds.
  const { status, reload: load } = useStravaStatus(setError, true);
  const { app, setApp, reload: reloadApp } = useStravaApp();

  // Where "Connect" leads, asked in advance so the page can say when it is the simulator.
  const startLink = useCallback(async () => {
    if (!user) return null;
    const r = await api<{ authorize_url: string }>('POST', `/api/strava/users/${user.id}/link`);
    const next = { url: r.authorize_url, at: Date.now() };
    setAuthorize(next);
    return next;
  }, [user]);
  const needsLink = status !== null && (!status.linked || status.state === 'needs_reauth');
  useEffect(() => {
    if (needsLink && !authorize) startLink().catch(() => {});
  }, [needsLink, authorize, startLink]);

  async function connect() {
    setBusy(true);
    onMessage(null);
    try {
      // A link attempt lasts 10 minutes: a fresh one when the page has been open a while.
      const target = authorize && Date.now() - authorize.at < 5 * 60_000 ? authorize : await startLink();
      if (target) window.location.assign(target.url);
    } catch (err) {
      setBusy(false);
      onMessage({
        kind: 'error',
        text:
          err instanceof ApiError
            ? `${err.message} Try again in a moment.`
            : 'Could not start the connection. Try again in a moment.',
      });
    }
  }

  async function disconnect() {
    if (!user) return;
    setBusy(true);
    try {
      const r = await api<{ unlinked: boolean; deleted_runs: number }>(
        'DELETE',
        `/api/strava/users/${user.id}/link?delete_runs=${deleteRuns}`,
      );
      onMessage({
        kind: 'ok',
        text: deleteRuns
          ? `Strava is disconnected and ${r.deleted_runs} imported run${r.deleted_runs === 1 ? ' was' : 's were'} deleted.`
          : 'Strava is disconnected. The runs it imported stay in Runnerly.',
      });
      setConfirming(false);
      setAuthorize(null);
      await load();
      await reloadApp().catch(() => {});
    } catch (err) {
      onMessage({ kind: 'error', text: err instanceof ApiError ? err.message : 'Could not disconnect. Try again.' });
    } finally {
      setBusy(false);
    }
  }

  const simulator = authorize !== null && !isRealStrava(authorize.url);
  const athleteName = status?.athlete
    ? [status.athlete.firstname, status.athlete.lastname].filter(Boolean).join(' ')
    : '';

  return (
    <section className="card strava" aria-labelledby="strava-h" aria-busy={!status && !error}>
      <div className="section-head">
        <h2 id="strava-h">Strava {simulator && <span className="badge badge-sim">Strava simulator</span>}</h2>
        {status && <StateBadge status={status} />}
      </div>
      {simulator && (
        <p className="muted">
          This Runnerly runs with a built-in <strong>Strava simulator</strong> (no real Strava account is needed or
          used): its page lets you pick a sample athlete with realistic runs. Set Strava API credentials to connect the
          real Strava.
        </p>
      )}
      {error && <Notice kind="error">{error} Reload the page to try again.</Notice>}
      {!status && !error && <p aria-busy="true">Checking the Strava connection…</p>}

      {status && !status.linked && (
        <>
          <p>
            Connect Strava once and Runnerly imports your whole running history in the background, then every new run.
            Rides, swims and other sports are left out.
          </p>
          <button type="button" className="strava-button" onClick={() => void connect()} disabled={busy}>
            {busy ? 'Opening Strava…' : 'Connect with Strava'}
          </button>
          <StravaAppForm
            app={app}
            onChange={(next) => {
              setApp(next);
              // The next connection goes through the application now registered (or the instance's).
              setAuthorize(null);
            }}
          />
        </>
      )}

      {status?.linked && (
        <>
          {athleteName && (
            <p>
              Connected as <strong>{athleteName}</strong> (athlete {status.athlete?.id})
              {app?.in_use && <> through your own Strava application (Client ID {app.client_id})</>}.
            </p>
          )}
          {status.state === 'needs_reauth' && (
            <Notice kind="error">
              {status.error?.code === 'missing_scope'
                ? 'Strava no longer lets Runnerly read your activities. Reconnect and keep “View data about your activities” ticked (and “View data about your private activities” for private runs).'
                : 'Strava stopped accepting Runnerly’s access (it was revoked or expired). Reconnect to carry on importing; nothing imported so far is lost.'}
              {status.error?.message && <span className="muted"> ({status.error.message})</span>}
              <div className="buttons notice-actions">
                <button type="button" onClick={() => void connect()} disabled={busy}>
                  Reconnect
                </button>
              </div>
            </Notice>
          )}
          <SyncProgress status={status} />
          <RejectedActivities status={status} />
          {status.error && status.state !== 'needs_reauth' && <Notice kind="info">{status.error.message}</Notice>}
          {!confirming && (
            <div className="buttons">
              <Link to="/">See your runs</Link>
              <button ref={disconnectButton} type="button" className="secondary" onClick={() => setConfirming(true)}>
                Disconnect
              </button>
            </div>
          )}
          {confirming && (
            <div className="confirm" role="group" aria-labelledby="disconnect-h">
              <h3 id="disconnect-h">Disconnect Strava?</h3>
              <p>
                Runnerly stops importing and gives up its access at Strava. What about the runs already imported from
                Strava?
              </p>
              <fieldset className="radios">
                <legend>Imported runs</legend>
                <label>
                  <input type="radio" name="delete_runs" checked={!deleteRuns} onChange={() => setDeleteRuns(false)} />{' '}
                  Keep them in Runnerly
                </label>
                <label>
                  <input type="radio" name="delete_runs" checked={deleteRuns} onChange={() => setDeleteRuns(true)} />{' '}
                  Delete them ({status.imported} run{status.imported === 1 ? '' : 's'})
                </label>
              </fieldset>
              <div className="buttons">
                <button
                  type="button"
                  className={deleteRuns ? 'danger' : ''}
                  onClick={() => void disconnect()}
                  disabled={busy}
                >
                  {deleteRuns ? 'Disconnect and delete runs' : 'Disconnect and keep runs'}
                </button>
                <button
                  type="button"
                  className="secondary"
                  onClick={() => {
                    setConfirming(false);
                    disconnectButton.current?.focus();
                  }}
                >
                  Cancel
                </button>
              </div>
            </div>
          )}
        </>
      )}
    </section>
  );
}
