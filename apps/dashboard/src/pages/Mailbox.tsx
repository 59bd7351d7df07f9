import { useCallback, useEffect, useState } from 'react';
import { Link } from 'react-router';
import { api, ApiError, type MailMessage } from '../api.ts';
import { Notice, Page } from '../ui.tsx';

/** The development mailbox: mails Runnerly "sent" while no mail server is configured. */
export function Mailbox() {
  const [messages, setMessages] = useState<MailMessage[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const load = useCallback(() => {
    api<{ messages: MailMessage[] }>('GET', '/api/mailbox').then(
      (r) => {
        setMessages(r.messages);
        setError(null);
      },
      (err: unknown) => setError(err instanceof ApiError ? err.message : 'Could not read the mailbox.'),
    );
  }, []);
  useEffect(() => {
    load();
  }, [load]);
  return (
    <Page title="Mailbox">
      <p className="hint">
        Runnerly runs without a mail server here, so mails land in this development mailbox.{' '}
        <button type="button" className="link" onClick={load}>
          Refresh
        </button>
      </p>
      {error && <Notice kind="error">{error}</Notice>}
      {messages && messages.length === 0 && (
        <div className="card empty">
          <p>
            No mail yet. <Link to="/signup">Sign up</Link> and the activation mail will appear here.
          </p>
        </div>
      )}
      <ul className="mails">
        {messages?.map((m) => (
          <li key={m.id} className="card mail">
            <h2>{m.subject || '(no subject)'}</h2>
            <p className="meta">
              To {m.to} · {new Date(m.date).toLocaleString()}
            </p>
            <pre className="mail-text">{m.text}</pre>
            {m.links.length > 0 && (
              <ul className="links" aria-label="Links in this mail">
                {m.links.map((l) => (
                  <li key={l.url}>
                    {l.appPath ? <Link to={l.appPath}>{linkLabel(l.appPath)}</Link> : <a href={l.url}>{l.url}</a>}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ul>
    </Page>
  );
}

function linkLabel(path: string): string {
  if (path.startsWith('/activate')) return 'Activate the account';
  if (path.startsWith('/reset')) return 'Choose a new password';
  if (path.startsWith('/forgot')) return 'Reset your password';
  return `Open ${path.split('?')[0]}`;
}
