import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { MAILBOX_TAG_HEADER, SessionState, TimeZone } from '@runnerly/contracts';
import { mailboxTagOf } from './mailbox.ts';
import type { GatewayDeps } from '../deps.ts';
import { forward, upstream } from '../http.ts';
import type { SessionUser } from '../session.ts';
import { afterPasswordChange, signIn, signOut } from '../sign-in.ts';
import { gatewayErrors } from '../errors.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

/** With the development mailbox: this browser's tag, so that it sees the mail this request causes. */
function mailboxHeader(deps: GatewayDeps, request: FastifyRequest): Record<string, string> {
  return deps.settings.devMailbox ? { [MAILBOX_TAG_HEADER]: mailboxTagOf(request) } : {};
}

const Email = Type.String({ minLength: 3, maxLength: 254 });
const Password = Type.String({ minLength: 1, maxLength: 1024 });
const Token = Type.String({ minLength: 1, maxLength: 512 });
const User = Type.Object(
  { id: Type.String(), email: Type.String(), name: Type.Union([Type.String(), Type.Null()]) },
  { additionalProperties: true },
);

/** Sign-up, activation, login, logout, password reset: the only routes open to anonymous callers. */
export function authRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const accounts = () => upstream(deps.upstreams.accounts, 'accounts');
    const tight = { rateLimit: { max: deps.settings.rateLimitAuth, timeWindow: '1 minute', groupId: 'auth' } };

    app.post(
      '/api/auth/signup',
      {
        config: tight,
        schema: {
          summary: 'Create an account (an activation mail follows)',
          tags: ['auth'],
          body: Type.Object(
            {
              email: Email,
              password: Password,
              name: Type.Optional(Type.String({ maxLength: 100 })),
              time_zone: Type.Optional(TimeZone),
            },
            { additionalProperties: false },
          ),
          response: { 202: upstreamAnswer, ...errorsOf(400, 401, 403), ...upstreamFailures },
        },
      },
      (request, reply) =>
        forward(reply, accounts(), 'POST', '/signup', { body: request.body, headers: mailboxHeader(deps, request) }),
    );

    app.post(
      '/api/auth/activate',
      {
        config: tight,
        schema: {
          summary: 'Activate an account with the token from the mail',
          tags: ['auth'],
          body: Type.Object({ token: Token }, { additionalProperties: false }),
          response: { 200: upstreamAnswer, ...errorsOf(400, 401, 403), ...upstreamFailures },
        },
      },
      (request, reply) => forward(reply, accounts(), 'POST', '/activate', { body: request.body }),
    );

    app.post(
      '/api/auth/login',
      {
        config: tight,
        schema: {
          summary: 'Log in: sets the session cookie',
          tags: ['auth'],
          body: Type.Object({ email: Email, password: Password }, { additionalProperties: false }),
          response: { 200: Type.Object({ user: User }), ...errorsOf(400, 401, 403, 429), ...upstreamFailures },
        },
      },
      async (request, reply) => {
        const res = await accounts().post<{ user?: SessionUser } & Record<string, unknown>>('/login', {
          body: { ...request.body, ip: request.ip },
        });
        if (res.status === 200 && !res.body.user?.id) throw gatewayErrors.noUser();
        if (res.status !== 200 || !res.body.user) {
          const retry = res.headers['retry-after'];
          if (typeof retry === 'string') void reply.header('retry-after', retry);
          return (reply as FastifyReply).status(res.status).send(res.body);
        }
        const user = { id: res.body.user.id, email: res.body.user.email, name: res.body.user.name ?? null };
        await signIn(deps, request, reply, user);
        return { user };
      },
    );

    app.post(
      '/api/auth/logout',
      {
        schema: {
          summary: 'Log out: ends the session (the store forgets it)',
          tags: ['auth'],
          response: { 204: Type.Null() },
        },
      },
      async (request, reply) => {
        await signOut(deps, request, reply);
        return (reply as FastifyReply).status(204).send();
      },
    );

    app.post(
      '/api/auth/forgot',
      {
        config: tight,
        schema: {
          summary: 'Mail a password reset link',
          tags: ['auth'],
          body: Type.Object({ email: Email }, { additionalProperties: false }),
          response: { 202: upstreamAnswer, ...errorsOf(400, 401, 403), ...upstreamFailures },
        },
      },
      (request, reply) =>
        forward(reply, accounts(), 'POST', '/password/forgot', {
          body: request.body,
          headers: mailboxHeader(deps, request),
        }),
    );

    app.post(
      '/api/auth/reset',
      {
        config: tight,
        schema: {
          summary: 'Set a new password with the token from the mail',
          tags: ['auth'],
          body: Type.Object({ token: Token, password: Password }, { additionalProperties: false }),
          response: { 200: upstreamAnswer, ...errorsOf(400, 401, 403), ...upstreamFailures },
        },
      },
      async (request, reply) => {
        const res = await accounts().post<{ user_id?: string }>('/password/reset', { body: request.body });
        // Every session of the account ends: whoever held one must log in with the new password.
        if (res.status === 200 && typeof res.body.user_id === 'string')
          await afterPasswordChange(deps, res.body.user_id);
        return (reply as FastifyReply).status(res.status).send(res.body);
      },
    );

    app.get(
      '/api/session',
      {
        schema: {
          summary: 'Who is signed in: 200 with `signed_in: false` and `user: null` when nobody is',
          tags: ['auth'],
          response: { 200: SessionState },
        },
      },
      async (request) => ({
        signed_in: !!request.user,
        user: request.user ?? null,
        mailbox: deps.settings.devMailbox,
        map_tiles: deps.settings.mapTiles ?? null,
      }),
    );
  };
}
