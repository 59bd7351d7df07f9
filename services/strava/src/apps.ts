// Runners' own Strava API applications (Strava's access tiers allow a few athletes per
// application): the secret sealed with the tokens' box, and the client a link's OAuth calls use.
import type { StravaClient } from '@runnerly/strava-client';
import type { StravaAppReply } from '@runnerly/contracts';
import type { StravaDeps } from './deps.ts';
import type { AppRow, LinkRow } from './tables.ts';
import { NeedsReauthError } from './errors.ts';

type Deps = Pick<StravaDeps, 'db' | 'box' | 'strava' | 'appClient'>;

export async function appOf(deps: Pick<StravaDeps, 'db'>, userId: string): Promise<AppRow | undefined> {
  return deps.db.selectFrom('strava_apps').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveApp(deps: Deps, userId: string, clientId: string, clientSecret: string): Promise<void> {
  const at = new Date().toISOString();
  const sealed = deps.box.seal(clientSecret);
  await deps.db
    .insertInto('strava_apps')
    .values({ user_id: userId, client_id: clientId, client_secret_enc: sealed, created_at: at, updated_at: at })
    .onConflict((oc) =>
      oc.column('user_id').doUpdateSet({ client_id: clientId, client_secret_enc: sealed, updated_at: at }),
    )
    .execute();
}

export async function removeApp(deps: Pick<StravaDeps, 'db'>, userId: string): Promise<boolean> {
  const r = await deps.db.deleteFrom('strava_apps').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** What a route may say about a runner's application: never the secret. */
export function appView(app: AppRow | undefined, link: Pick<LinkRow, 'app_client_id'> | undefined): StravaAppReply {
  return {
    own_app: !!app,
    client_id: app?.client_id ?? null,
    secret_set: !!app?.client_secret_enc,
    in_use: !!link?.app_client_id,
  };
}

/** The client of a runner's own application, or the instance's when `clientId` is null. */
export async function clientOfApp(deps: Deps, userId: string, clientId: string | null): Promise<StravaClient> {
  if (clientId === null) return deps.strava;
  const app = await appOf(deps, userId);
  if (!app || app.client_id !== clientId)
    throw new NeedsReauthError('needs_reauth', 'The Strava application this link was made with is gone.');
  return deps.appClient({ clientId: app.client_id, clientSecret: deps.box.open(app.client_secret_enc) });
}

/** The client a link's refresh and revoke use: the application it was made with. */
export function clientOfLink(deps: Deps, link: Pick<LinkRow, 'user_id' | 'app_client_id'>): Promise<StravaClient> {
  return clientOfApp(deps, link.user_id, link.app_client_id ?? null);
}
