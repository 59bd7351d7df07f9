import type { BusMessage } from '@runnerly/bus';
import type { Listening, Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent, type RunsChangedEvent } from '@runnerly/contracts';
import type { GatewayDeps } from './deps.ts';

/** account.deleted → every session of the account ends (whichever way it was deleted). */
export function gatewaySubscriptions(deps: Pick<GatewayDeps, 'sessions' | 'userTokens' | 'answers'>): Subscription[] {
  return [
    {
      group: 'gateway.account-deleted',
      topics: [topics.accountDeleted],
      handle: async (message) => {
        const { user_id: userId } = (message as BusMessage<AccountDeletedEvent>).payload;
        await deps.sessions.endAll(userId);
        deps.userTokens.forget(userId);
        deps.answers?.drop(userId);
      },
      options: { maxAttempts: 10 },
    },
  ];
}

/** runs.changed, in every gateway process: the runner's kept answers of older versions go. */
export function gatewayListeners(deps: Pick<GatewayDeps, 'answers'>): Listening[] {
  const answers = deps.answers;
  if (!answers) return [];
  return [
    {
      topics: [topics.runsChanged],
      handle: (message) => {
        const { user_id: userId, version } = (message as BusMessage<RunsChangedEvent>).payload;
        answers.changed(userId, version);
      },
      onStep: (inStep) => answers.step(inStep),
    },
  ];
}
