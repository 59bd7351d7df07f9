import { useCallback, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError } from '../api.ts';
import { useSession } from '../session.tsx';
import { Notice, Page } from '../ui.tsx';

/** As the reports service answers (ReportSummary, SentReport, SendNowResponse in packages/contracts). */
interface ReportSummary {
  month: string;
  state: 'queued' | 'sending' | 'sent' | 'failed' | 'parked' | 'skipped';
  subject: string | null;
  message_id: string;
  queued_at: string;
  sent_at: string | null;
}
interface SentReport extends ReportSummary {
  to: string;
  text: string;
  html: string;
}
type ReportList = { reports: ReportSummary[] };
type SendNowResponse = { month: string; state: ReportSummary['state']; message: string };

const stateText: Record<ReportSummary['state'], string> = {
  queued: 'on its way',
  sending: 'being sent',
  sent: 'sent',
  failed: 'will be retried',
  parked: 'not sent (we are looking into it)',
  skipped: 'not sent: monthly reports were off',
};

const monthName = (month: string) =>
  new Date(`${month}-15T12:00:00Z`).toLocaleDateString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });

/** The monthly reports: each one exactly as it was sent, and "send me last month's report now". */
export default function ReportsPage() {
  const { user } = useSession();
  const { month } = useParams();
  const [list, setList] = useState<ReportSummary[] | null>(null);
  const [shown, setShown] = useState<SentReport | null>(null);
  const [status, setStatus] = useState<{ kind: 'ok' | 'error' | 'info'; text: string } | null>(null);
  const base = `/api/reports/users/${user?.id ?? ''}/reports`;
  const fail = (err: unknown) =>
    setStatus({ kind: 'error', text: err instanceof ApiError ? err.message : 'Something went wrong. Try again.' });

  const load = useCallback(() => {
    api<ReportList>('GET', base).then((r) => setList(r.reports), fail);
  }, [base]);
  useEffect(load, [load]);

  useEffect(() => {
    setShown(null);
    if (month) api<SentReport>('GET', `${base}/${month}`).then(setShown, fail);
  }, [base, month]);

  async function sendNow() {
    try {
      const r = await api<SendNowResponse>('POST', `${base}/send-now`);
      setStatus({ kind: 'ok', text: r.message });
      load();
    } catch (err) {
      fail(err);
    }
  }

  return (
    <Page title={month ? `Report for ${monthName(month)}` : 'Reports'}>
      {status && <Notice kind={status.kind}>{status.text}</Notice>}
      {month ? (
        <section className="card" aria-label="The report as it was sent">
          <p>
            <Link to="/reports">All reports</Link>
          </p>
          {shown ? (
            <>
              <p className="hint">
                Sent to {shown.to} on {shown.sent_at?.slice(0, 10)} — “{shown.subject}”
              </p>
              <iframe
                title={`Report for ${monthName(shown.month)}`}
                srcDoc={shown.html}
                sandbox=""
                style={{ width: '100%', height: '80vh', border: '1px solid #ddd', borderRadius: 8, background: '#fff' }}
              />
            </>
          ) : (
            <p>Loading…</p>
          )}
        </section>
      ) : (
        <>
          <section className="card">
            <p>
              On the 1st of every month, shortly after midnight in your time zone, Runnerly mails you how the month
              went. Turn it on or off on the <Link to="/account#email">Account</Link> page.
            </p>
            <button type="button" onClick={() => void sendNow()}>
              Send me last month’s report now
            </button>
          </section>
          <section className="card" aria-labelledby="reports-h">
            <h2 id="reports-h">Past reports</h2>
            {list === null ? (
              <p>Loading…</p>
            ) : list.length === 0 ? (
              <p>No report yet: the first one comes on the 1st.</p>
            ) : (
              <ul>
                {list.map((r) => (
                  <li key={r.month}>
                    {r.state === 'sent' ? (
                      <Link to={`/reports/${r.month}`}>{monthName(r.month)}</Link>
                    ) : (
                      monthName(r.month)
                    )}{' '}
                    — {stateText[r.state]}
                    {r.sent_at ? `, ${r.sent_at.slice(0, 10)}` : ''}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </Page>
  );
}
