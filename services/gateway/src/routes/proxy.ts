import type { FastifyPluginAsync } from 'fastify';
import { Type } from '@sinclair/typebox';
import type { GatewayDeps } from '../deps.ts';
import { forwardAs, requireUser, upstream } from '../http.ts';
import { bodyNamesOtherUser, matchRoute, routingTable } from '../upstreams.ts';
import { gatewayErrors } from '../errors.ts';
import { errorsOf, upstreamAnswer, upstreamFailures } from '../responses.ts';

/**
 * What a routed request may answer: the upstream's own answers (its document says which, per
 * route), not signed in (401), another runner's data (403), no such route (404), the upstream down.
 */
const routedResponses = {
  200: upstreamAnswer,
  201: upstreamAnswer,
  202: upstreamAnswer,
  204: Type.Null(),
  ...errorsOf(400, 401, 403, 404, 409, 410, 413, 415, 429),
  ...upstreamFailures,
};

/**
 * `/api/<service>/<path>` → `<service>/<path>` for the routes of the routing table, with the
 * session replaced by a short-lived user token. Another user's ids are refused here already.
 */
export function proxyRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    for (const service of Object.keys(routingTable)) {
      const methods = [...new Set(routingTable[service]!.map(([m]) => m))] as Array<'GET' | 'POST'>;
      app.route({
        method: methods,
        url: `/api/${service}/*`,
        schema: {
          summary: `Routed to the ${service} service as the signed-in user`,
          tags: ['routed'],
          hide: false,
          response: routedResponses,
        },
        handler: async (request, reply) => {
          const user = requireUser(request);
          const [rawPath, query] = splitUrl(request.url, `/api/${service}`);
          const match = matchRoute(service, request.method, rawPath, user.id);
          if (!match.ok) {
            if (match.status === 403) throw gatewayErrors.notYours();
            throw gatewayErrors.noRoute(request.method, `/api/${service}${rawPath}`);
          }
          if (request.body !== undefined && bodyNamesOtherUser(request.body, user.id))
            throw gatewayErrors.notYoursToChange();
          const client = upstream(deps.upstreams[service], service);
          return forwardAs(deps, reply, {
            service,
            client,
            userId: user.id,
            method: request.method,
            path: rawPath + query,
            body: request.body,
          });
        },
      });
    }
  };
}

function splitUrl(url: string, prefix: string): [path: string, query: string] {
  const q = url.indexOf('?');
  const path = (q === -1 ? url : url.slice(0, q)).slice(prefix.length) || '/';
  return [path, q === -1 ? '' : url.slice(q)];
}
