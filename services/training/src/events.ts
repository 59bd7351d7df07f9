import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent, type RunDeletedEvent, type RunImportedEvent } from '@runnerly/contracts';
import type { TrainingDeps } from './deps.ts';
import { checkPlan } from './planning.ts';
import { activePlans, deleteRunCopy, deleteUser } from './store.ts';
import { copyRuns } from './upstream.ts';

/**
 * run.imported → the new runs are copied (with their best efforts) and the runner's active plans matched and
 * re-balanced at once, so that session.completed goes out with the import. Idempotent: copies are replaced by
 * run id and each session event is written once.
 */
export async function handleRunImported(message: BusMessage<RunImportedEvent>, deps: TrainingDeps): Promise<void> {
  const { user_id: userId, runs } = message.payload;
  const plans = await activePlans(deps.db, userId);
  if (!plans.length) return;
  await copyRuns(
    deps,
    userId,
    runs.map((r) => r.id),
  );
  for (const plan of plans) await checkPlan(deps, plan);
}

/** The events the training service consumes. */
export function trainingSubscriptions(deps: TrainingDeps): Subscription[] {
  return [
    {
      group: 'training.run-imported',
      topics: [topics.runImported],
      handle: (m) => handleRunImported(m as BusMessage<RunImportedEvent>, deps),
      options: { maxAttempts: 10 },
    },
    {
      group: 'training.run-deleted',
      topics: [topics.runDeleted],
      handle: async (m) => {
        const p = (m as BusMessage<RunDeletedEvent>).payload;
        await deleteRunCopy(deps.db, p.user_id, p.run_id);
      },
      options: { maxAttempts: 10 },
    },
    {
      group: 'training.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => deleteUser(deps.db, (m as BusMessage<AccountDeletedEvent>).payload.user_id),
      options: { maxAttempts: 10 },
    },
  ];
}
