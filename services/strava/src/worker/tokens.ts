// A valid access token for a link: refreshed single-flight per athlete (an in-process promise
// map, and in PostgreSQL a row lock on the link), the new refresh token persisted before use.
import { BadRequestError } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import type { LinkRow } from '../tables.ts';
import { NeedsReauthError } from '../errors.ts';
import { clientOfLink } from '../apps.ts';

/** What a refresh needs: the links, the sealing box, the clock and the application's client. */
export type TokenDeps = Pick<StravaDeps, 'db' | 'box' | 'clock' | 'dialect' | 'strava' | 'appClient'>;

const inflight = new Map<string, Promise<string>>();
/** Refresh this long before expiry (Strava: 6 h tokens). */
const MARGIN_S = 300;

export async function accessToken(deps: TokenDeps, link: LinkRow, force = false): Promise<string> {
  const nowS = Math.floor((await deps.clock.now()) / 1000);
  if (!force && link.expires_at - MARGIN_S > nowS) return deps.box.open(link.access_token_enc);
  const running = inflight.get(link.user_id);
  if (running) return running;
  const p = refreshLocked(deps, link, force, nowS).finally(() => inflight.delete(link.user_id));
  inflight.set(link.user_id, p);
  return p;
}

async function refreshLocked(deps: TokenDeps, seen: LinkRow, force: boolean, nowS: number): Promise<string> {
  // PostgreSQL: the row lock makes it single-flight across replicas. SQLite: one process, the
  // promise map suffices (and a transaction would hold the only connection during the call).
  const run = <T>(fn: (trx: StravaDeps['db']) => Promise<T>) =>
    deps.dialect === 'postgres' ? deps.db.transaction().execute(fn) : fn(deps.db);
  const outcome: { token?: string; dead?: string } = await run(async (trx) => {
    let q = trx.selectFrom('strava_links').selectAll().where('user_id', '=', seen.user_id);
    if (deps.dialect === 'postgres') q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw new NeedsReauthError('needs_reauth', 'The Strava link was removed.');
    // Another worker refreshed while we waited for the lock: use its token.
    if (row.access_token_enc !== seen.access_token_enc && row.expires_at - MARGIN_S > nowS)
      return { token: deps.box.open(row.access_token_enc) };
    if (!force && row.expires_at - MARGIN_S > nowS) return { token: deps.box.open(row.access_token_enc) };
    try {
      // The application the link was made with (a runner's own, or the instance's).
      const client = await clientOfLink(deps, row);
      const t = await client.refresh(deps.box.open(row.refresh_token_enc));
      await trx
        .updateTable('strava_links')
        .set({
          access_token_enc: deps.box.seal(t.access_token),
          refresh_token_enc: deps.box.seal(t.refresh_token),
          expires_at: t.expires_at,
          updated_at: new Date().toISOString(),
        })
        .where('user_id', '=', row.user_id)
        .execute();
      return { token: t.access_token };
    } catch (err) {
      if (err instanceof BadRequestError) return { dead: err.message };
      throw err;
    }
  });
  if (outcome.token !== undefined) return outcome.token;
  await markNeedsReauth(
    deps,
    seen.user_id,
    'needs_reauth',
    'Strava refused to renew access (the link was revoked or expired). Connect to Strava again.',
  );
  throw new NeedsReauthError('needs_reauth', outcome.dead ?? 'refresh refused');
}

export async function markNeedsReauth(
  deps: Pick<StravaDeps, 'db'>,
  userId: string,
  code: 'needs_reauth' | 'missing_scope',
  message: string,
): Promise<void> {
  await deps.db
    .updateTable('strava_links')
    .set({ state: 'needs_reauth', error_code: code, error_message: message, updated_at: new Date().toISOString() })
    .where('user_id', '=', userId)
    .execute();
}
