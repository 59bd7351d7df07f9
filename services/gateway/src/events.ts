import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
import type { GatewayDeps } from './deps.ts';

/** account.deleted → every session of the account ends (whichever way it was deleted). */
export function gatewaySubscriptions(deps: Pick<GatewayDeps, 'sessions' | 'userTokens'>): Subscription[] {
  return [
    {
      group: 'gateway.account-deleted',
      topics: [topics.accountDeleted],
      handle: async (message) => {
        const { user_id: userId } = (message as BusMessage<AccountDeletedEvent>).payload;
        await deps.sessions.endAll(userId);
        deps.userTokens.forget(userId);
      },
      options: { maxAttempts: 10 },
    },
  ];
}
