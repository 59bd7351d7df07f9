import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import {
  ErrorBody,
  StravaLinkReply,
  StravaStatus,
  StravaUnlinkReply,
  type DetachResult,
  UserId,
  stravaQueues,
  stravaScopes,
} from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { BadRequestError, StravaError } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import { NeedsReauthError, stravaErrors } from '../errors.ts';
import { statusOf } from '../domain/status.ts';
import {
  forgetImports,
  linkOf,
  removeLink,
  replaceLink,
  saveOauthState,
  updateLink,
  useOauthState,
  userOfAthlete,
} from '../store.ts';
import { revokeGrant } from '../events.ts';
import { appOf, clientOfApp } from '../apps.ts';

const STATE_TTL_MS = 10 * 60_000;
const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const errors = { 401: ErrorBody, 403: ErrorBody };

/** Which outcome the dashboard shows: `linked`, `denied`, `missing_scope`, `invalid_state`, `taken`, `error`. */
export function grantedEnough(scope: string): boolean {
  const granted = scope.split(/[ ,]/);
  return granted.includes('activity:read_all') || granted.includes('activity:read');
}

export function linkRoutes(deps: StravaDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const params = Type.Object({ userId: UserId });

    app.post(
      '/users/:userId/link',
      {
        config: { scopes: [stravaScopes.stravaWrite] },
        schema: {
          summary: 'Start linking to Strava: where to send the browser',
          tags: ['strava'],
          params,
          response: { 200: StravaLinkReply, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const state = randomBytes(32).toString('base64url');
        // The runner's own application when they registered one; the instance's otherwise.
        const own = await appOf(deps, request.params.userId);
        const appClientId = own?.client_id ?? null;
        await saveOauthState(deps.db, sha256(state), request.params.userId, new Date(), STATE_TTL_MS, appClientId);
        const client = await clientOfApp(deps, request.params.userId, appClientId);
        return {
          authorize_url: client.authorizeUrl({
            redirectUri: deps.settings.callbackUrl,
            scope: deps.settings.scope,
            state,
          }),
        };
      },
    );

    app.get(
      '/oauth/callback',
      {
        config: { public: true },
        schema: {
          summary: 'Where Strava sends the browser back (public, through the gateway)',
          tags: ['strava'],
          security: [],
          querystring: Type.Object({
            state: Type.Optional(Type.String({ maxLength: 200 })),
            code: Type.Optional(Type.String({ maxLength: 500 })),
            scope: Type.Optional(Type.String({ maxLength: 500 })),
            error: Type.Optional(Type.String({ maxLength: 200 })),
          }),
          response: { 302: Type.Null() },
        },
      },
      async (request, reply) => {
        const back = (outcome: string) =>
          reply.redirect(`${deps.settings.dashboardUrl}/connections?strava=${outcome}`, 302);
        const { state, code, scope, error } = request.query;
        if (!state) return back('invalid_state');
        const at = new Date().toISOString();
        const used = await useOauthState(deps.db, sha256(state), at);
        if (!used) return back('invalid_state');
        const { userId, appClientId } = used;
        if (error || !code) return back('denied');
        if (!grantedEnough(scope ?? '')) return back('missing_scope');
        let token;
        try {
          // The application the authorization was started with (its secret for the exchange).
          token = await (await clientOfApp(deps, userId, appClientId)).exchangeCode(code);
        } catch (err) {
          request.log.warn({ err: err instanceof StravaError ? err.message : err }, 'strava code exchange failed');
          return back('error');
        }
        const athleteId = String(token.athlete?.id ?? '');
        if (!athleteId) return back('error');
        const taken = await userOfAthlete(deps.db, athleteId);
        if (taken && taken !== userId) return back('taken');
        const existing = await linkOf(deps.db, userId);
        const created = Date.parse(String(token.athlete?.created_at ?? ''));
        const tokens = {
          athlete_json: JSON.stringify(token.athlete ?? {}),
          scope: scope ?? '',
          access_token_enc: deps.box.seal(token.access_token),
          refresh_token_enc: deps.box.seal(token.refresh_token),
          expires_at: token.expires_at,
          error_code: null,
          error_message: null,
          failures: 0,
          retry_at: null,
          budget_at: null,
          app_client_id: appClientId,
          updated_at: at,
          athlete_created: Number.isFinite(created) ? Math.floor(created / 1000) : null,
          // The shoes are read (again) with the first spare budget after a link.
          shoes_next_at: null,
        };
        if (existing && existing.athlete_id === athleteId) {
          await updateLink(deps.db, userId, {
            ...tokens,
            state: existing.backfill_done ? 'idle' : 'syncing',
            next_poll_at: await deps.clock.now(),
          });
        } else {
          await replaceLink(deps.db, {
            user_id: userId,
            athlete_id: athleteId,
            ...tokens,
            state: 'syncing',
            backfill_before: null,
            backfill_done: 0,
            after_cursor: null,
            next_poll_at: null,
            imported: 0,
            seen: 0,
            pages_done: 0,
            newest_start: null,
            last_sync_at: null,
            last_turn_at: null,
            lease_owner: null,
            lease_until: null,
            created_at: at,
          });
        }
        await deps.bus
          .enqueue(stravaQueues.sync, { user_id: userId })
          .catch((err: unknown) => request.log.warn({ err }, 'could not queue the sync'));
        deps.wake();
        return back('linked');
      },
    );

    app.get(
      '/users/:userId/status',
      {
        config: { scopes: [stravaScopes.stravaRead] },
        schema: {
          summary: 'Link and sync progress',
          tags: ['strava'],
          params,
          response: { 200: StravaStatus, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return statusOf(deps, request.params.userId);
      },
    );

    app.delete(
      '/users/:userId/link',
      {
        config: { scopes: [stravaScopes.stravaWrite] },
        schema: {
          summary: 'Unlink: revoke at Strava, keep or delete the imported runs',
          tags: ['strava'],
          description:
            'The grant is revoked at Strava (an expired access token is refreshed first); `revoked` says whether Strava confirmed it. With `delete_runs`, the runs lose their Strava source in one call to the data service: a run also backed by a file is kept.',
          params,
          querystring: Type.Object({ delete_runs: Type.Boolean({ default: false }) }),
          response: { 200: StravaUnlinkReply, ...errors, 404: ErrorBody },
        },
      },
      async (request) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        const link = await linkOf(deps.db, userId);
        if (!link) throw stravaErrors.notLinked();
        let revoked = false;
        let revokeError: string | null = null;
        try {
          await revokeGrant(link, deps);
          revoked = true;
        } catch (err) {
          // A refused refresh token: the grant was already ended at Strava (nothing left to revoke).
          const dead = err instanceof NeedsReauthError || err instanceof BadRequestError;
          revokeError = dead
            ? 'Strava had already ended this access (nothing left to revoke).'
            : 'Strava could not be reached to revoke access: remove Runnerly under My Apps in your Strava settings.';
          revoked = dead;
          request.log.info(
            { err: err instanceof Error ? err.message : err },
            'strava revoke failed (the link is removed here anyway)',
          );
        }
        await removeLink(deps.db, link);
        let deleted = 0;
        let kept = 0;
        if (request.query.delete_runs) {
          const res = await deps.data.post<DetachResult>('/runs/detach', {
            body: { user_id: userId, source: 'strava' },
          });
          if (res.status !== 200) throw stravaErrors.dataUnavailable();
          deleted = res.body.deleted;
          kept = res.body.detached;
          await forgetImports(deps.db, userId);
        } else {
          await forgetImports(deps.db, userId);
        }
        return { unlinked: true, revoked, revoke_error: revokeError, deleted_runs: deleted, kept_runs: kept };
      },
    );
  };
}
