import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, SessionList } from '@runnerly/contracts';
import type { GatewayDeps } from '../deps.ts';
import { requireUser } from '../http.ts';
import { signOut } from '../sign-in.ts';
import { gatewayErrors } from '../errors.ts';

const errors = { 401: ErrorBody, 403: ErrorBody };

/** The Account page's list of signed-in browsers: see them, end one, end all the others. */
export function sessionRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/api/me/sessions',
      {
        schema: {
          summary: 'My active sessions, most recently used first',
          tags: ['me'],
          response: { 200: SessionList, ...errors },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        void reply.header('cache-control', 'no-store');
        return { sessions: await deps.sessions.list(user.id, request.session?.sessionId) };
      },
    );

    app.delete(
      '/api/me/sessions/:id',
      {
        schema: {
          summary: 'End one of my sessions (this one: log out)',
          tags: ['me'],
          params: Type.Object({ id: Type.String({ pattern: '^[0-9a-f]{32}$' }) }),
          response: { 204: Type.Null(), ...errors, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const user = requireUser(request);
        const mine = (await deps.sessions.list(user.id, request.session?.sessionId)).find(
          (s) => s.id === request.params.id,
        );
        if (!mine || !(await deps.sessions.endOne(user.id, request.params.id))) throw gatewayErrors.sessionNotFound();
        if (mine.current) await signOut(deps, request, reply);
        return reply.status(204).send(null);
      },
    );

    app.delete(
      '/api/me/sessions',
      {
        schema: {
          summary: 'End all my other sessions (this one stays)',
          tags: ['me'],
          response: { 200: Type.Object({ ended: Type.Integer() }), ...errors },
        },
      },
      async (request) => {
        const user = requireUser(request);
        return { ended: await deps.sessions.endAll(user.id, request.session?.sessionId) };
      },
    );
  };
}
