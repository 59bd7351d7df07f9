import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import type { GatewayDeps } from '../deps.ts';
import { collectExport } from '../export.ts';
import { forward, forwardAs, requireUser, upstream } from '../http.ts';
import { afterPasswordChange, signOut } from '../sign-in.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

/** What a route of the signed-in runner's answers besides the upstream's own: not signed in, upstream down. */
const mine = { ...errorsOf(401), ...upstreamFailures };

/** The signed-in runner's own things, without having to know their user id. */
export function meRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const data = () => upstream(deps.upstreams.data, 'data');
    const accounts = () => upstream(deps.upstreams.accounts, 'accounts');
    const as = async (userId: string) => deps.userTokens.get(userId);

    app.get(
      '/api/me/runs',
      {
        schema: {
          summary: 'My last runs, newest first',
          tags: ['me'],
          querystring: Type.Object(
            {
              limit: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
              before: Type.Optional(Type.String({ maxLength: 40 })),
            },
            { additionalProperties: false },
          ),
          response: { 200: upstreamAnswer, ...errorsOf(400, 403), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const q = new URLSearchParams({
          limit: String(request.query.limit),
          ...(request.query.before ? { before: request.query.before } : {}),
        });
        return forwardAs(deps, reply, {
          service: 'data',
          client: data(),
          userId: user.id,
          method: 'GET',
          path: `/users/${user.id}/runs?${q}`,
        });
      },
    );

    app.get(
      '/api/me/profile',
      {
        schema: {
          summary: 'My profile',
          tags: ['me'],
          response: { 200: upstreamAnswer, ...errorsOf(403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        return forward(reply, accounts(), 'GET', `/users/${user.id}/profile`, { token: await as(user.id) });
      },
    );

    app.patch(
      '/api/me/profile',
      {
        schema: {
          summary: 'Change my profile',
          tags: ['me'],
          body: Type.Object({}, { additionalProperties: true }),
          response: { 200: upstreamAnswer, ...errorsOf(400, 403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        return forward(reply, accounts(), 'PATCH', `/users/${user.id}/profile`, {
          token: await as(user.id),
          body: request.body,
        });
      },
    );

    app.post(
      '/api/me/password',
      {
        config: { rateLimit: { max: deps.settings.rateLimitAuth, timeWindow: '1 minute', groupId: 'auth' } },
        schema: {
          summary: 'Change my password',
          description: 'Ends every session of the account; this browser gets a new one.',
          tags: ['me'],
          body: Type.Object({}, { additionalProperties: true }),
          response: { 204: Type.Null(), ...errorsOf(400, 403, 404, 429), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const res = await accounts().post<unknown>(`/users/${user.id}/password`, {
          token: await as(user.id),
          body: request.body,
        });
        if (res.status === 204) {
          await afterPasswordChange(deps, user.id, request, reply);
          return (reply as FastifyReply).status(204).send();
        }
        const retry = res.headers['retry-after'];
        if (typeof retry === 'string') void reply.header('retry-after', retry);
        return (reply as FastifyReply).status(res.status).send(res.body);
      },
    );

    app.get(
      '/api/me/export',
      {
        schema: {
          summary: 'Download all my data',
          tags: ['me'],
          description:
            'One JSON file: the account export, every run (summaries), the Strava link status (when linked), the import jobs and the races marked (goal, result). A service that cannot answer fails the export (502/503/504) rather than leaving data out.',
          response: { 200: upstreamAnswer, ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const sources = {
          accounts: accounts(),
          data: data(),
          strava: deps.upstreams.strava,
          imports: deps.upstreams.imports,
          races: deps.upstreams.races,
        };
        const everything = await collectExport(sources, user.id, await as(user.id), new Date());
        void reply
          .header('content-disposition', 'attachment; filename="runnerly-export.json"')
          .header('cache-control', 'no-store');
        return reply.type('application/json; charset=utf-8').send(everything);
      },
    );

    app.delete(
      '/api/me',
      {
        schema: {
          summary: 'Delete my account (every session ends)',
          tags: ['me'],
          response: { 204: Type.Null(), ...errorsOf(400, 403, 404), ...mine },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const res = await accounts().delete<unknown>(`/users/${user.id}`, { token: await as(user.id) });
        if (res.status < 300) {
          // account.deleted ends them too (other replicas, other ways in); here at once.
          await deps.sessions.endAll(user.id);
          await signOut(deps, request, reply);
        }
        const answer = (reply as FastifyReply).status(res.status);
        return res.status === 204 || res.body === '' ? answer.send() : answer.send(res.body);
      },
    );
  };
}
