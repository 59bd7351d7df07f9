import { createHash, randomBytes } from 'node:crypto';
import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, StravaLinkReply, StravaStatus, UserId, stravaQueues, stravaScopes } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { StravaError } from '@runnerly/strava-client';
import type { StravaDeps } from '../deps.ts';
import { stravaErrors } from '../errors.ts';
import { statusOf } from '../domain/status.ts';

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
        const now = new Date();
        await deps.db.deleteFrom('strava_oauth_states').where('expires_at', '<', now.toISOString()).execute();
        await deps.db
          .insertInto('strava_oauth_states')
          .values({
            state_hash: sha256(state),
            user_id: request.params.userId,
            expires_at: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
            used_at: null,
          })
          .execute();
        return {
          authorize_url: deps.strava.authorizeUrl({
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
        const used = await deps.db
          .updateTable('strava_oauth_states')
          .set({ used_at: at })
          .where('state_hash', '=', sha256(state))
          .where('used_at', 'is', null)
          .where('expires_at', '>', at)
          .returning('user_id')
          .executeTakeFirst();
        if (!used) return back('invalid_state');
        if (error || !code) return back('denied');
        if (!grantedEnough(scope ?? '')) return back('missing_scope');
        let token;
        try {
          token = await deps.strava.exchangeCode(code);
        } catch (err) {
          request.log.warn({ err: err instanceof StravaError ? err.message : err }, 'strava code exchange failed');
          return back('error');
        }
        const athleteId = String(token.athlete?.id ?? '');
        if (!athleteId) return back('error');
        const taken = await deps.db
          .selectFrom('strava_links')
          .select('user_id')
          .where('athlete_id', '=', athleteId)
          .executeTakeFirst();
        if (taken && taken.user_id !== used.user_id) return back('taken');
        const existing = await deps.db
          .selectFrom('strava_links')
          .selectAll()
          .where('user_id', '=', used.user_id)
          .executeTakeFirst();
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
          updated_at: at,
          athlete_created: Number.isFinite(created) ? Math.floor(created / 1000) : null,
        };
        if (existing && existing.athlete_id === athleteId) {
          await deps.db
            .updateTable('strava_links')
            .set({
              ...tokens,
              state: existing.backfill_done ? 'idle' : 'syncing',
              next_poll_at: await deps.clock.now(),
            })
            .where('user_id', '=', used.user_id)
            .execute();
        } else {
          if (existing) await deps.db.deleteFrom('strava_links').where('user_id', '=', used.user_id).execute();
          await deps.db
            .insertInto('strava_links')
            .values({
              user_id: used.user_id,
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
            })
            .execute();
        }
        await deps.bus
          .enqueue(stravaQueues.sync, { user_id: used.user_id })
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
          params,
          querystring: Type.Object({ delete_runs: Type.Boolean({ default: false }) }),
          response: {
            200: Type.Object({ unlinked: Type.Boolean(), deleted_runs: Type.Integer() }),
            ...errors,
            404: ErrorBody,
          },
        },
      },
      async (request) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        const link = await deps.db
          .selectFrom('strava_links')
          .selectAll()
          .where('user_id', '=', userId)
          .executeTakeFirst();
        if (!link) throw stravaErrors.notLinked();
        try {
          await deps.strava.revoke(deps.box.open(link.access_token_enc));
        } catch (err) {
          request.log.info(
            { err: err instanceof Error ? err.message : err },
            'strava revoke failed (the link is removed here anyway)',
          );
        }
        await deps.db.deleteFrom('strava_links').where('user_id', '=', userId).execute();
        await deps.db
          .deleteFrom('strava_events')
          .where('athlete_id', '=', link.athlete_id)
          .where('processed_at', 'is', null)
          .execute();
        let deleted = 0;
        if (request.query.delete_runs) {
          const rows = await deps.db
            .selectFrom('strava_imports')
            .select(['activity_id', 'run_id'])
            .where('user_id', '=', userId)
            .execute();
          for (const r of rows) {
            const res = await deps.data.delete(`/runs/${r.run_id}`);
            if (res.status === 204) deleted++;
            await deps.db.deleteFrom('strava_imports').where('activity_id', '=', r.activity_id).execute();
          }
        } else {
          await deps.db.deleteFrom('strava_imports').where('user_id', '=', userId).execute();
        }
        return { unlinked: true, deleted_runs: deleted };
      },
    );
  };
}
