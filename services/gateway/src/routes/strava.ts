import type { FastifyPluginAsync } from 'fastify';
import type { GatewayDeps } from '../deps.ts';
import { Type } from '@sinclair/typebox';
import { forward, upstream } from '../http.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

/**
 * Strava's side of the link, public (no session, no CSRF: Strava and the browser coming back
 * from Strava's consent page cannot send our header):
 * - `GET /api/strava/oauth/callback` → the strava service's `GET /oauth/callback`, whose
 *   redirect to `/connections?strava=…` is passed through;
 * - `GET|POST /api/strava/webhook/{secret}` → `/webhook/{secret}` as they are (answered within 2 s; the
 *   strava service checks the secret path segment and the subscription id).
 */
export function stravaPublicRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    const query = (url: string) => {
      const q = url.indexOf('?');
      return q === -1 ? '' : url.slice(q);
    };

    app.get(
      '/api/strava/oauth/callback',
      {
        config: { csrf: false },
        schema: {
          summary: 'Where Strava sends the browser back after the consent page (public)',
          tags: ['strava'],
          response: { 302: Type.Null({ description: 'To /connections?strava=…' }), ...upstreamFailures },
        },
      },
      async (request, reply) =>
        forward(reply, upstream(deps.upstreams.strava, 'strava'), 'GET', `/oauth/callback${query(request.url)}`),
    );

    const hookLimit = { max: Math.max(deps.settings.rateLimitApi * 10, 1000), timeWindow: '1 minute' };
    app.get<{ Params: { secret: string } }>(
      '/api/strava/webhook/:secret',
      {
        config: { csrf: false, rateLimit: hookLimit },
        schema: {
          summary: 'Strava webhook subscription challenge (public)',
          tags: ['strava'],
          response: { 200: upstreamAnswer, ...errorsOf(403, 404), ...upstreamFailures },
        },
      },
      async (request, reply) =>
        forward(
          reply,
          upstream(deps.upstreams.stravaWebhook ?? deps.upstreams.strava, 'strava'),
          'GET',
          `/webhook/${encodeURIComponent(request.params.secret)}${query(request.url)}`,
        ),
    );

    app.post<{ Params: { secret: string } }>(
      '/api/strava/webhook/:secret',
      {
        config: { csrf: false, rateLimit: hookLimit },
        schema: {
          summary: 'Strava webhook events (public, acknowledged at once)',
          tags: ['strava'],
          response: { 200: upstreamAnswer, ...errorsOf(403, 404), ...upstreamFailures },
        },
      },
      async (request, reply) =>
        forward(
          reply,
          upstream(deps.upstreams.stravaWebhook ?? deps.upstreams.strava, 'strava'),
          'POST',
          `/webhook/${encodeURIComponent(request.params.secret)}`,
          { body: request.body ?? {} },
        ),
    );
  };
}
