import type { BusMessage } from '@runnerly/bus';
import type { Subscription } from '@runnerly/service-kit';
import { topics, type AccountDeletedEvent } from '@runnerly/contracts';
import { UnauthorizedError } from '@runnerly/strava-client';
import type { StravaDeps } from './deps.ts';
import type { LinkRow } from './tables.ts';
import { clientOfLink } from './apps.ts';
import { accessToken, type TokenDeps } from './worker/tokens.ts';

export type AccountDeletedDeps = Pick<
  StravaDeps,
  'db' | 'box' | 'clock' | 'dialect' | 'strava' | 'appClient' | 'logger'
>;

/**
 * account.deleted → everything held about the user goes: the grant is revoked at Strava
 * (best effort), then the link with its encrypted tokens and sync state, the athlete's
 * webhook events, the activity → run mapping and pending OAuth states. Idempotent: a repeat
 * finds nothing and deletes nothing. The runs themselves are the data service's (it handles
 * the same event).
 */
export async function handleAccountDeleted(
  message: BusMessage<AccountDeletedEvent>,
  deps: AccountDeletedDeps,
): Promise<void> {
  const userId = message.payload.user_id;
  const link = await deps.db.selectFrom('strava_links').selectAll().where('user_id', '=', userId).executeTakeFirst();
  if (link) await revokeQuietly(link, deps);
  await deps.db.transaction().execute(async (trx) => {
    await trx.deleteFrom('strava_links').where('user_id', '=', userId).execute();
    if (link) await trx.deleteFrom('strava_events').where('athlete_id', '=', link.athlete_id).execute();
    await trx.deleteFrom('strava_imports').where('user_id', '=', userId).execute();
    await trx.deleteFrom('strava_rejections').where('user_id', '=', userId).execute();
    await trx.deleteFrom('strava_oauth_states').where('user_id', '=', userId).execute();
    await trx.deleteFrom('strava_apps').where('user_id', '=', userId).execute();
  });
  if (link)
    deps.logger.info({ userId, athleteId: link.athlete_id }, 'account deleted: strava link and mapping removed');
}

/**
 * Revokes the grant with the application the link was made with; an expired (or refused)
 * access token is renewed once to revoke it. The renewal is the worker's own single-flight
 * refresh: a worker that renewed the tokens meanwhile (and so invalidated the refresh token
 * this request read) lends its new token instead of making the grant look already ended.
 */
export async function revokeGrant(link: LinkRow, deps: TokenDeps): Promise<void> {
  const client = await clientOfLink(deps, link);
  try {
    await client.revoke(deps.box.open(link.access_token_enc));
  } catch (err) {
    if (!(err instanceof UnauthorizedError)) throw err;
    // A refused refresh token throws NeedsReauthError: the grant had already ended at Strava.
    await client.revoke(await accessToken(deps, link, true));
  }
}

/**
 * Revokes the grant. Never throws: an unreachable Strava or a dead grant must not keep the
 * runner's data here.
 */
async function revokeQuietly(link: LinkRow, deps: AccountDeletedDeps): Promise<void> {
  try {
    await revokeGrant(link, deps);
  } catch (err) {
    deps.logger.info(
      { err: err instanceof Error ? err.message : err, userId: link.user_id },
      'strava revoke failed on account deletion (the link is removed here anyway)',
    );
  }
}

/** The events the strava service consumes. */
export function stravaSubscriptions(deps: AccountDeletedDeps): Subscription[] {
  return [
    {
      group: 'strava.account-deleted',
      topics: [topics.accountDeleted],
      handle: (m) => handleAccountDeleted(m as BusMessage<AccountDeletedEvent>, deps),
      options: { maxAttempts: 10 },
    },
  ];
}
