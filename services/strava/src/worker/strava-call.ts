// One Strava API call for a link: a permit from its application's budget first (the instance's,
// or the runner's own application's), the response's
// headers fed back, one refresh and retry on a 401, a 429 turned into a block until the window resets.
import { RateLimitedError, UnauthorizedError, type ApiResult } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import type { LinkRow } from '../tables.ts';
import { NeedsReauthError } from '../errors.ts';
import { accessToken, markNeedsReauth } from './tokens.ts';

/** Raised after a 429: the link's turn ends; the scheduler blocks every worker until the reset. */
export class RateLimitedRetry extends Error {}

/** The budget of the link's application. */
export const budgetOf = (deps: StravaDeps, link?: Pick<LinkRow, 'app_client_id'>) =>
  deps.scheduler.forApp(link?.app_client_id);

/** Waits for a permit of the link's application (moving on the sync clock when it must wait). */
export async function acquirePermit(
  deps: StravaDeps,
  signal?: AbortSignal,
  link?: Pick<LinkRow, 'app_client_id'>,
): Promise<boolean> {
  const scheduler = budgetOf(deps, link);
  while (!signal?.aborted) {
    const permit = await scheduler.tryAcquire(await deps.clock.now());
    if (permit.ok) return true;
    await deps.clock.waitUntil(permit.until, signal);
  }
  return false;
}

/**
 * Runs `fn` with the link's access token. `permitHeld`: the caller already took a permit
 * for the first attempt.
 */
export async function callStrava<T>(
  deps: StravaDeps,
  link: LinkRow,
  fn: (token: string) => Promise<ApiResult<T>>,
  permitHeld: boolean,
): Promise<ApiResult<T>> {
  let token = await accessToken(deps, link);
  // The headers of a response are the budget of the application whose token made the call.
  const scheduler = budgetOf(deps, link);
  for (let attempt = 0; ; attempt++) {
    if (attempt > 0 || !permitHeld) await acquirePermit(deps, undefined, link);
    try {
      const res = await fn(token);
      if (res.budget) await scheduler.observe(res.budget, await deps.clock.now(), false);
      return res;
    } catch (err) {
      const budget = (err as { budget?: unknown }).budget as ApiResult<T>['budget'] | undefined;
      if (err instanceof RateLimitedError) {
        if (budget) await scheduler.observe(budget, await deps.clock.now(), true);
        else {
          await scheduler.settle();
          await scheduler.blockUntilNextWindow(await deps.clock.now());
        }
        throw new RateLimitedRetry('rate limited');
      }
      // Without headers (5xx, dropped): counted in its window, not carried into the next one.
      if (budget) await scheduler.observe(budget, await deps.clock.now(), false);
      else await scheduler.settle();
      if (err instanceof UnauthorizedError) {
        const missing = err.missingPermission;
        if (missing) {
          await markNeedsReauth(
            deps,
            link.user_id,
            'missing_scope',
            'Runnerly needs permission to read your activities: connect to Strava again and keep "View data about your activities" ticked.',
          );
          throw new NeedsReauthError('missing_scope', err.message);
        }
        if (attempt === 0) {
          token = await accessToken(deps, link, true);
          continue;
        }
        await markNeedsReauth(
          deps,
          link.user_id,
          'needs_reauth',
          'Strava no longer accepts this link. Connect to Strava again.',
        );
        throw new NeedsReauthError('needs_reauth', err.message);
      }
      throw err;
    }
  }
}
