import type { FastifyPluginAsync } from 'fastify';
import type { GatewayDeps } from '../deps.ts';
import { upstream } from '../http.ts';

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
        schema: { summary: "A training plan's iCal feed (public: the URL is the secret)", tags: ['training'] },
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
  };
}
