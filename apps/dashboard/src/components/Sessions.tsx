import { useCallback, useEffect, useState } from 'react';
import { api, ApiError } from '../api.ts';
import { momentIn } from '../format.ts';
import { useProfile } from '../profile.tsx';

/** One signed-in browser, as GET /api/me/sessions lists it (SessionInfo in @runnerly/contracts). */
interface SessionInfo {
  id: string;
  created_at: string;
  last_seen_at: string;
  ip: string | null;
  user_agent: string | null;
  current: boolean;
}

function browserName(ua: string | null): string {
  if (!ua) return 'Unknown browser';
  const name = /Firefox|Edg|Chrome|Safari/.exec(ua)?.[0];
  const os = /Android|iPhone|iPad|Windows|Mac OS X|Linux/.exec(ua)?.[0];
  return [name === 'Edg' ? 'Edge' : name, os?.replace('Mac OS X', 'macOS')].filter(Boolean).join(' on ') || ua;
}

/** The Account page's list of signed-in browsers: end any one, or all the others. */
export function Sessions({ onSignedOut }: { onSignedOut(): void }) {
  const zone = useProfile().prefs.time_zone;
  const when = (iso: string) => momentIn(iso, zone);
  const [sessions, setSessions] = useState<SessionInfo[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
  const load = useCallback(() => {
    api<{ sessions: SessionInfo[] }>('GET', '/api/me/sessions').then((r) => setSessions(r.sessions), fail);
  }, []);
  useEffect(load, [load]);

  async function end(session: SessionInfo) {
    try {
      await api('DELETE', `/api/me/sessions/${session.id}`);
      if (session.current) return onSignedOut();
      load();
    } catch (err) {
      fail(err);
    }
  }
  async function endOthers() {
    try {
      await api('DELETE', '/api/me/sessions');
      load();
    } catch (err) {
      fail(err);
    }
  }

  return (
    <section className="card form" aria-labelledby="sessions-h">
      <h2 id="sessions-h">Where you are signed in</h2>
      {error && <p role="alert">{error}</p>}
      {sessions === null ? (
        <p>Loading…</p>
      ) : (
        <ul className="sessions">
          {sessions.map((s) => (
            <li key={s.id}>
              <strong>{browserName(s.user_agent)}</strong>
              {s.current && ' (this browser)'}
              <br />
              <span className="hint">
                Signed in {when(s.created_at)} · last used {when(s.last_seen_at)}
                {s.ip ? ` · ${s.ip}` : ''}
              </span>{' '}
              <button type="button" className="secondary" onClick={() => void end(s)}>
                {s.current ? 'Sign out' : 'End'}
              </button>
            </li>
          ))}
        </ul>
      )}
      {sessions && sessions.length > 1 && (
        <button type="button" onClick={() => void endOthers()}>
          Sign out everywhere else
        </button>
      )}
      <p className="hint">Changing your password signs you out everywhere else too.</p>
    </section>
  );
}
