import type { BusMessage } from '@runnerly/bus';
import { reportQueues, type ReportJob } from '@runnerly/contracts';
import { buildReportContent } from './domain/report-content.ts';
import { reportHeaders } from './domain/report-headers.ts';
import { renderReportMail } from './domain/report-mail.ts';
import { signUnsubscribeToken, unsubscribeUrl } from './domain/unsubscribe.ts';
import type { ReportsDeps } from './deps.ts';
import { claim, finish, findReport, saveRendered } from './store.ts';

export type Outcome = 'sent' | 'skipped' | 'nothing-to-do';

/** Puts a report job on the durable work queue; its id is the (user, month) pair. */
export function enqueueReport(deps: Pick<ReportsDeps, 'bus'>, userId: string, month: string): Promise<void> {
  return deps.bus.enqueue(reportQueues.send, { user_id: userId, month } satisfies ReportJob, {
    id: `report.${month}.${userId}`,
  });
}

/**
 * One delivery of one report: claim the ledger row (`sending`, written before the SMTP
 * transaction), render once and keep the bytes, send with the stable Message-ID, then `sent`.
 * A job for a report that is sent, skipped, parked, being sent by another worker, or gone is
 * acknowledged without a mail. A failed send throws (the bus retries it with back-off); on the
 * last attempt the report is parked with the reason and the job dead-lettered.
 */
export async function deliverReport(message: BusMessage<ReportJob>, deps: ReportsDeps): Promise<Outcome> {
  const { user_id: userId, month } = message.payload;
  const existing = await findReport(deps.db, userId, month);
  if (!existing || (existing.state !== 'queued' && existing.state !== 'failed')) return 'nothing-to-do';
  const row = await claim(deps.db, userId, month, deps.now());
  if (!row) return 'nothing-to-do';
  try {
    let mail =
      row.html_body && row.text_body && row.subject && row.to_address
        ? { to: row.to_address, subject: row.subject, text: row.text_body, html: row.html_body }
        : undefined;
    if (!mail) {
      const profile = await deps.sources.profile(userId);
      if (!profile) {
        await finish(deps.db, userId, month, 'skipped', 'the account is gone', deps.now());
        return 'skipped';
      }
      if (row.trigger === 'schedule' && !profile.email_preferences.monthly_report) {
        await finish(deps.db, userId, month, 'skipped', 'the runner turned the monthly report off', deps.now());
        return 'skipped';
      }
      const content = buildReportContent(await deps.sources.input(profile, month));
      const links = reportLinks(deps, userId, month);
      const rendered = await renderReportMail(content, links);
      mail = { to: profile.email, ...rendered };
      await saveRendered(deps.db, userId, month, mail);
    } else if (row.trigger === 'schedule') {
      // A retry: the runner may have turned reports off since the first attempt.
      const profile = await deps.sources.profile(userId);
      if (!profile || !profile.email_preferences.monthly_report) {
        await finish(deps.db, userId, month, 'skipped', 'the runner turned the monthly report off', deps.now());
        return 'skipped';
      }
    }
    const { messageId, headers } = reportHeaders({
      userId,
      month,
      domain: deps.settings.domain,
      unsubscribeUrl: reportLinks(deps, userId, month).unsubscribeUrl,
    });
    await deps.mailer.send({ ...mail, messageId, headers });
    await finish(deps.db, userId, month, 'sent', null, deps.now());
    deps.logger.info({ userId, month, attempt: message.attempt }, 'monthly report sent');
    return 'sent';
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const last = message.attempt >= deps.settings.maxAttempts;
    await finish(deps.db, userId, month, last ? 'parked' : 'failed', reason, deps.now());
    deps.logger.warn({ userId, month, attempt: message.attempt, reason, parked: last }, 'monthly report not sent');
    throw err;
  }
}

export function reportLinks(deps: Pick<ReportsDeps, 'settings'>, userId: string, month: string) {
  const token = signUnsubscribeToken(userId, deps.settings.unsubscribeKeys[0]!);
  return {
    reportUrl: `${deps.settings.dashboardUrl}/reports/${month}`,
    unsubscribeUrl: unsubscribeUrl(deps.settings.unsubscribeEndpoint, token),
    preferencesUrl: `${deps.settings.dashboardUrl}/account#email`,
  };
}
