import type { BusMessage } from '@runnerly/bus';
import type { Listening, Subscription } from '@runnerly/service-kit';
import {
  topics,
  type AccountDeletedEvent,
  type RunsChangedEvent,
  type SessionsChangedEvent,
} from '@runnerly/contracts';
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

/**
 * In every gateway process: runs.changed (the runner's kept answers of older versions go) and
 * sessions.changed (the copies of the sessions another process ended or changed go).
 */
export function gatewayListeners(deps: Pick<GatewayDeps, 'answers' | 'sessions'>): Listening[] {
  const { copies } = deps.sessions;
  const { answers } = deps;
  const listeners: Listening[] = [];
  if (copies)
    listeners.push({
      topics: [topics.sessionsChanged],
      handle: (message) => copies.heard((message as BusMessage<SessionsChangedEvent>).payload),
      onStep: (inStep) => copies.step(inStep),
    });
  if (answers)
    listeners.push({
      topics: [topics.runsChanged],
      handle: (message) => {
        const { user_id: userId, version } = (message as BusMessage<RunsChangedEvent>).payload;
        answers.changed(userId, version);
      },
      onStep: (inStep) => answers.step(inStep),
    });
  return listeners;
}
