import type { FastifyPluginAsync, FastifyReply } from 'fastify';
import type { GatewayDeps } from '../deps.ts';
import { Type } from '@sinclair/typebox';
import { upstream } from '../http.ts';
import { upstreamFailures } from '../responses.ts';

/**
 * The report mail's unsubscribe link, public (no session, no CSRF: a mail provider's RFC 8058
 * one-click POST carries neither): `GET|POST /api/reports/unsubscribe?token=…` → the reports
 * service's `/unsubscribe`, which checks the signed token.
 */
export function reportsPublicRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    const query = (url: string) => {
      const q = url.indexOf('?');
      return q === -1 ? '' : url.slice(q);
    };
    for (const method of ['GET', 'POST'] as const) {
      app.route({
        method,
        url: '/api/reports/unsubscribe',
        config: { csrf: false },
        schema: {
          summary: 'The signed unsubscribe link of a report mail (public)',
          tags: ['reports'],
          response: { 200: Type.String({ description: 'An HTML page' }), ...upstreamFailures },
        },
        handler: async (request, reply) => {
          const client = upstream(deps.upstreams.reports, 'reports');
          const res = await client.call<unknown>(method, `/unsubscribe${query(request.url)}`);
          if (res.status === 200) void reply.type('text/html; charset=utf-8');
          return (reply as FastifyReply).status(res.status).send(res.body);
        },
      });
    }
  };
}
