import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
import type { DataDeps } from './deps.ts';
import { deleteUserRuns } from './store.ts';

/** account.deleted → the user's runs go too. Idempotent: deleting nothing is fine. */
export async function handleAccountDeleted(message: BusMessage<AccountDeletedEvent>, deps: DataDeps): Promise<void> {
  await deleteUserRuns(deps.db, message.payload.user_id);
  deps.relay.nudge();
}

/** The events the Data Service consumes. */
export function dataSubscriptions(deps: DataDeps): Subscription[] {
  return [
    {
      group: 'data.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
