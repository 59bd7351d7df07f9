import type { Bus, BusMessage } from '@runnerly/bus';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
import type { DataDeps } from './deps.ts';
import { deleteUserRuns } from './store.ts';

/** account.deleted → the user's runs go too. Idempotent: deleting nothing is fine. */
export async function handleAccountDeleted(message: BusMessage<AccountDeletedEvent>, deps: DataDeps): Promise<void> {
  await deleteUserRuns(deps.db, message.payload.user_id);
}

export async function subscribeDataEvents(bus: Bus, deps: DataDeps): Promise<void> {
  await bus.subscribe(
    'data.account-deleted',
    [topics.accountDeleted],
    (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
    { maxAttempts: 10 },
  );
}
