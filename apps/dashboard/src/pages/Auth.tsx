import { useEffect, useRef, useState, type FormEvent } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, ApiError, type User } from '../api.ts';
import { safeNext } from '../lib/next.ts';
import { browserZone } from '../profile.tsx';
import { useSession } from '../session.tsx';
import { Field, Notice, Page } from '../ui.tsx';

function useSubmit() {
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  async function run(fn: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await fn();
    } catch (err) {
      setError(err instanceof ApiError ? err.message : 'Something went wrong. Try again.');
    } finally {
      setBusy(false);
    }
  }
  return { error, busy, run };
}

export function SignUp() {
  const navigate = useNavigate();
  const { error, busy, run } = useSubmit();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void run(async () => {
      await api('POST', '/api/auth/signup', {
        email: f.get('email'),
        password: f.get('password'),
        ...(f.get('name') ? { name: f.get('name') } : {}),
        // The account starts in the zone the browser lives in (changed later on the Account page).
        ...(browserZone ? { time_zone: browserZone } : {}),
      });
      navigate(`/check-mailbox?email=${encodeURIComponent(String(f.get('email')))}`);
    });
  }
  return (
    <Page title="Create your account">
      <form onSubmit={submit} className="card form">
        {error && <Notice kind="error">{error}</Notice>}
        <Field label="Name (optional)" name="name" autoComplete="name" maxLength={100} />
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={10}
          hint="At least 10 characters, hard to guess: a few unrelated words you remember work well. Any characters are welcome."
        />
        <button type="submit" disabled={busy}>
          {busy ? 'Creating…' : 'Create account'}
        </button>
        <p>
          Already have an account? <Link to="/login">Log in</Link>.
        </p>
      </form>
    </Page>
  );
}

export function CheckMailbox() {
  const [params] = useSearchParams();
  const { mailbox } = useSession();
  const email = params.get('email');
  return (
    <Page title="Check your mailbox">
      <div className="card">
        <p>
          We sent an activation link to {email ? <strong>{email}</strong> : 'your email address'}. Open it to activate
          your account, then log in.
        </p>
        {mailbox && (
          <p>
            This Runnerly runs without a mail server: the mail is in the <Link to="/mailbox">development mailbox</Link>.
          </p>
        )}
        <p>
          No mail after a few minutes? Check your spam folder, or <Link to="/signup">sign up again</Link>.
        </p>
      </div>
    </Page>
  );
}

export function Activate() {
  const [params] = useSearchParams();
  const token = params.get('token');
  const [state, setState] = useState<'working' | 'done' | 'failed'>(token ? 'working' : 'failed');
  const [message, setMessage] = useState(
    token ? '' : 'This link has no activation token. Open the link from the mail again.',
  );
  const sent = useRef(false);
  useEffect(() => {
    if (!token || sent.current) return;
    sent.current = true;
    api('POST', '/api/auth/activate', { token }).then(
      () => setState('done'),
      (err: unknown) => {
        setState('failed');
        // A mistyped or cut link fails the token's format check: say so, not the validator's words.
        const badLink = err instanceof ApiError && (err.code === 'invalid_request' || err.code === 'invalid_token');
        setMessage(
          badLink
            ? 'This activation link is not valid: it may be cut short, mistyped, expired or used already.'
            : err instanceof ApiError
              ? err.message
              : 'Activation failed.',
        );
      },
    );
  }, [token]);
  return (
    <Page title="Activate your account">
      <div className="card">
        {state === 'working' && <p aria-busy="true">Activating…</p>}
        {state === 'done' && (
          <>
            <Notice kind="ok">Your account is active.</Notice>
            <p>
              <Link className="button" to="/login">
                Log in
              </Link>
            </p>
          </>
        )}
        {state === 'failed' && (
          <>
            <Notice kind="error">{message}</Notice>
            <p>
              The link may have expired or been used already. <Link to="/login">Log in</Link> or{' '}
              <Link to="/signup">sign up again</Link>.
            </p>
          </>
        )}
      </div>
    </Page>
  );
}

export function Login() {
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const { setUser } = useSession();
  const { error, busy, run } = useSubmit();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void run(async () => {
      const { user } = await api<{ user: User }>('POST', '/api/auth/login', {
        email: f.get('email'),
        password: f.get('password'),
      });
      setUser(user);
      navigate(safeNext(params.get('next'), window.location.origin), { replace: true });
    });
  }
  return (
    <Page title="Log in">
      <form onSubmit={submit} className="card form">
        {params.get('bye') && <Notice kind="info">You are logged out.</Notice>}
        {params.get('deleted') && (
          <Notice kind="ok">Your account and all its data are deleted. Thank you for running with Runnerly.</Notice>
        )}
        {params.get('next') && !params.get('bye') && <Notice kind="info">Log in to see this page.</Notice>}
        {params.get('reset') && <Notice kind="ok">Your password is changed: log in with the new one.</Notice>}
        {error && <Notice kind="error">{error}</Notice>}
        <Field label="Email" name="email" type="email" autoComplete="email" required />
        <Field label="Password" name="password" type="password" autoComplete="current-password" required />
        <button type="submit" disabled={busy}>
          {busy ? 'Logging in…' : 'Log in'}
        </button>
        <p>
          <Link to="/forgot">Forgot your password?</Link> · New here? <Link to="/signup">Create an account</Link>.
        </p>
      </form>
    </Page>
  );
}

export function Forgot() {
  const [sent, setSent] = useState(false);
  const { mailbox } = useSession();
  const { error, busy, run } = useSubmit();
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void run(async () => {
      await api('POST', '/api/auth/forgot', { email: f.get('email') });
      setSent(true);
    });
  }
  return (
    <Page title="Reset your password">
      {sent ? (
        <div className="card">
          <Notice kind="ok">If an account uses this address, a reset link is on its way.</Notice>
          {mailbox && (
            <p>
              See the <Link to="/mailbox">development mailbox</Link>.
            </p>
          )}
        </div>
      ) : (
        <form onSubmit={submit} className="card form">
          {error && <Notice kind="error">{error}</Notice>}
          <Field label="Email" name="email" type="email" autoComplete="email" required />
          <button type="submit" disabled={busy}>
            Send me a reset link
          </button>
        </form>
      )}
    </Page>
  );
}

export function Reset() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { error, busy, run } = useSubmit();
  const token = params.get('token');
  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    void run(async () => {
      await api('POST', '/api/auth/reset', { token, password: f.get('password') });
      navigate('/login?reset=1');
    });
  }
  return (
    <Page title="Choose a new password">
      {!token ? (
        <Notice kind="error">
          This link has no reset token. <Link to="/forgot">Ask for a new link</Link>.
        </Notice>
      ) : (
        <form onSubmit={submit} className="card form">
          {error && <Notice kind="error">{error}</Notice>}
          <Field
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters, hard to guess: a few unrelated words you remember work well."
          />
          <button type="submit" disabled={busy}>
            Set password
          </button>
        </form>
      )}
    </Page>
  );
}
