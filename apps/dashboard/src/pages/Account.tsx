import { useMemo, useState, type FormEvent } from 'react';
import { Link } from 'react-router';
import { api, ApiError } from '../api.ts';
import { useSession } from '../session.tsx';
import { useProfile } from '../profile.tsx';
import { Field, Notice, Page } from '../ui.tsx';
import { Sessions } from '../components/Sessions.tsx';
import { Shoes } from '../components/Shoes.tsx';
import { DataExport } from '../components/DataExport.tsx';

export function Account() {
  const { user } = useSession();
  const { profile, prefs, reload: reloadPrefs } = useProfile();
  const [status, setStatus] = useState<{ kind: 'ok' | 'error'; text: string } | null>(null);
  const fail = (err: unknown) =>
    setStatus({ kind: 'error', text: err instanceof ApiError ? err.message : 'Something went wrong. Try again.' });

  async function saveProfile(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('PATCH', '/api/me/profile', { name: String(f.get('name') ?? '') });
      await reloadPrefs();
      setStatus({ kind: 'ok', text: 'Profile saved.' });
    } catch (err) {
      fail(err);
    }
  }
  const zones = useMemo(() => {
    let all: string[] = [];
    try {
      all = (Intl as unknown as { supportedValuesOf(k: string): string[] }).supportedValuesOf('timeZone');
    } catch {
      /* old browser */
    }
    return all.includes(prefs.time_zone) ? all : [prefs.time_zone, ...all];
  }, [prefs.time_zone]);
  async function savePrefs(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      await api('PATCH', '/api/me/profile', {
        units: f.get('units'),
        time_zone: f.get('time_zone'),
        first_day_of_week: f.get('first_day_of_week'),
      });
      await reloadPrefs();
      setStatus({ kind: 'ok', text: 'Units and calendar saved: every page now uses them.' });
    } catch (err) {
      fail(err);
    }
  }
  async function saveEmailPrefs(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    try {
      const monthly = f.get('monthly_report') === 'on';
      await api('PATCH', '/api/me/profile', { email_preferences: { monthly_report: monthly } });
      await reloadPrefs();
      setStatus({ kind: 'ok', text: monthly ? 'The monthly report is on.' : 'The monthly report is off.' });
    } catch (err) {
      fail(err);
    }
  }
  const monthlyReport = (profile?.email_preferences as { monthly_report?: boolean } | undefined)?.monthly_report;
  async function changePassword(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const f = new FormData(form);
    try {
      await api('POST', '/api/me/password', { current_password: f.get('current'), new_password: f.get('next') });
      form.reset();
      setStatus({ kind: 'ok', text: 'Password changed.' });
    } catch (err) {
      fail(err);
    }
  }
  async function deleteAccount(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    if (f.get('confirm') !== user?.email)
      return setStatus({ kind: 'error', text: 'Type your email address exactly to confirm.' });
    try {
      await api('DELETE', '/api/me');
      // A full page load, as on logging out: nothing of the account stays in memory.
      window.location.replace('/login?deleted=1');
    } catch (err) {
      fail(err);
    }
  }

  return (
    <Page title="Account">
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      <section className="card form" aria-labelledby="profile-h">
        <h2 id="profile-h">Profile</h2>
        <p>
          Signed in as <strong>{user?.email}</strong>.
        </p>
        <form onSubmit={(e) => void saveProfile(e)}>
          <Field
            label="Name"
            name="name"
            key={String(profile?.name ?? user?.name ?? '')}
            defaultValue={String(profile?.name ?? user?.name ?? '')}
            maxLength={100}
            autoComplete="name"
          />
          <button type="submit">Save profile</button>
        </form>
      </section>
      <section className="card form" aria-labelledby="prefs-h">
        <h2 id="prefs-h">Units and calendar</h2>
        <form onSubmit={(e) => void savePrefs(e)} key={`${prefs.units}|${prefs.time_zone}|${prefs.first_day_of_week}`}>
          <fieldset className="radios">
            <legend>Distances and paces in</legend>
            <label>
              <input type="radio" name="units" value="km" defaultChecked={prefs.units === 'km'} /> Kilometres (min/km)
            </label>
            <label>
              <input type="radio" name="units" value="mi" defaultChecked={prefs.units === 'mi'} /> Miles (min/mi)
            </label>
          </fieldset>
          <div className="field">
            <label htmlFor="pref-zone">Time zone</label>
            <select id="pref-zone" name="time_zone" defaultValue={prefs.time_zone} aria-describedby="pref-zone-hint">
              {zones.map((z) => (
                <option key={z} value={z}>
                  {z.replaceAll('_', ' ')}
                </option>
              ))}
            </select>
            <p className="hint" id="pref-zone-hint">
              Dates, weeks and months are counted in this zone.
            </p>
          </div>
          <div className="field">
            <label htmlFor="pref-first-day">First day of the week</label>
            <select id="pref-first-day" name="first_day_of_week" defaultValue={prefs.first_day_of_week}>
              <option value="monday">Monday</option>
              <option value="sunday">Sunday</option>
              <option value="saturday">Saturday</option>
            </select>
          </div>
          <button type="submit">Save units and calendar</button>
        </form>
      </section>
      <section className="card form" id="email" aria-labelledby="email-h">
        <h2 id="email-h">Email</h2>
        {monthlyReport !== undefined && (
          <form onSubmit={(e) => void saveEmailPrefs(e)} key={String(monthlyReport)}>
            <label>
              <input type="checkbox" name="monthly_report" defaultChecked={monthlyReport} /> Monthly report: on the 1st,
              how the month went (runs, distance, pace, best efforts, weekly chart)
            </label>
            <p className="hint">
              Past reports are on the <Link to="/reports">Reports</Link> page.
            </p>
            <button type="submit">Save email preferences</button>
          </form>
        )}
      </section>
      {user && <Shoes userId={user.id} />}
      <section className="card form" aria-labelledby="password-h">
        <h2 id="password-h">Password</h2>
        <form onSubmit={(e) => void changePassword(e)}>
          <Field label="Current password" name="current" type="password" autoComplete="current-password" required />
          <Field
            label="New password"
            name="next"
            type="password"
            autoComplete="new-password"
            required
            minLength={10}
            hint="At least 10 characters, hard to guess: a few unrelated words you remember work well."
          />
          <button type="submit">Change password</button>
        </form>
      </section>
      <Sessions onSignedOut={() => window.location.assign('/login')} />
      <section className="card form" aria-labelledby="export-h">
        <h2 id="export-h">Your data</h2>
        <DataExport />
        <p className="meta">
          Or at once, without the runs' details and files:{' '}
          <a href="/api/me/export" download="runnerly-export.json">
            account and run summaries as JSON
          </a>
          .
        </p>
      </section>
      <section className="card danger form" aria-labelledby="delete-h">
        <h2 id="delete-h">Delete account</h2>
        <p>This deletes your account and all your runs. It cannot be undone: download your data first.</p>
        <form onSubmit={(e) => void deleteAccount(e)}>
          <Field label={`Type ${user?.email ?? 'your email'} to confirm`} name="confirm" autoComplete="off" required />
          <button type="submit" className="danger">
            Delete my account
          </button>
        </form>
      </section>
    </Page>
  );
}
