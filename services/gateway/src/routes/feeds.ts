import type { FastifyPluginAsync } from 'fastify';
import type { GatewayDeps } from '../deps.ts';
import { Type } from '@sinclair/typebox';
import { upstream } from '../http.ts';
import { errorsOf, upstreamFailures } from '../responses.ts';

/**
 * A plan's iCal feed, public (phone calendars subscribe without a session): `GET /api/training/feeds/<secret>.ics`
 * → the training service's `GET /feeds/<secret>.ics`, which finds the plan by its secret.
 */
export function feedRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    app.get<{ Params: { file: string } }>(
      '/api/training/feeds/:file',
      {
        config: { csrf: false },
        schema: {
          summary: "A training plan's iCal feed (public: the URL is the secret)",
          tags: ['training'],
          response: { 200: Type.String({ description: 'text/calendar' }), ...errorsOf(404), ...upstreamFailures },
        },
      },
      async (request, reply) => {
        const file = request.params.file;
        if (!/^[A-Za-z0-9_-]{43}\.ics$/.test(file))
          return reply.status(404).send({ code: 'not_found', message: 'No calendar here.' });
        const client = upstream(deps.upstreams.training, 'training');
        const res = await client.get<unknown>(`/feeds/${file}`, { headers: { accept: 'text/calendar' } });
        if (res.status !== 200) return reply.status(res.status).send(res.body);
        const cache = res.headers['cache-control'];
        if (typeof cache === 'string') void reply.header('cache-control', cache);
        return reply.type('text/calendar; charset=utf-8').send(res.body);
      },
    );
    // The router does not match a parameter longer than it reads: such a name would fall through
    // to the session-checked proxy (401). No feed has one, so it gets the feed's 404.
    app.get('/api/training/feeds/*', { config: { csrf: false }, schema: { hide: true } }, async (_request, reply) =>
      reply.status(404).send({ code: 'not_found', message: 'No calendar here.' }),
    );
  };
}
