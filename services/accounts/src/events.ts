import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type ExportReadyEvent } from '@runnerly/contracts';
import type { AccountsDeps } from './deps.ts';
import { exportReadyMail } from './domain/mails.ts';

export type ExportReadyDeps = Pick<AccountsDeps, 'db' | 'mailer' | 'dashboardUrl' | 'logger'>;

/**
 * export.ready → a mail to the runner with the download link (it needs their session). The
 * Message-ID is the export's: a redelivered event gives the same mail, which a mail client shows once.
 * An account deleted meanwhile gets nothing.
 */
export async function handleExportReady(message: BusMessage<ExportReadyEvent>, deps: ExportReadyDeps): Promise<void> {
  const e = message.payload;
  const user = await deps.db.selectFrom('users').select('email').where('id', '=', e.user_id).executeTakeFirst();
  if (!user) return;
  const link = `${deps.dashboardUrl}/account?export=${e.export_id}`;
  await deps.mailer.send({
    ...exportReadyMail(user.email, link, { runs: e.runs, size: e.size, expiresAt: e.expires_at }),
    messageId: `<export-${e.export_id}@runnerly.local>`,
  });
  deps.logger.info({ userId: e.user_id, export: e.export_id }, 'export ready: mail sent');
}

/** The events the accounts service consumes. */
export function accountsSubscriptions(deps: ExportReadyDeps): Subscription[] {
  return [
    {
      group: 'accounts.export-ready',
      topics: [topics.exportReady],
      handle: (m) => handleExportReady(m as BusMessage<ExportReadyEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
