import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
import type { ReportsDeps } from './deps.ts';
import { deleteReportsOf, deleteRequestsOf } from './store.ts';

/** account.deleted → the runner's reports (bodies included) go. Idempotent: a repeat deletes nothing. */
export async function handleAccountDeleted(
  message: BusMessage<AccountDeletedEvent>,
  deps: Pick<ReportsDeps, 'db' | 'logger'>,
): Promise<void> {
  const userId = message.payload.user_id;
  const deleted = await deleteReportsOf(deps.db, userId);
  await deleteRequestsOf(deps.db, userId);
  if (deleted) deps.logger.info({ userId, reports: deleted }, 'account deleted: reports removed');
}

export function reportsSubscriptions(deps: Pick<ReportsDeps, 'db' | 'logger'>): Subscription[] {
  return [
    {
      group: 'reports.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
