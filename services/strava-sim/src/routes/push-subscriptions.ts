// Webhook subscriptions: POST/GET/DELETE /api/v3/push_subscriptions (client credentials).
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { StravaError, badClient, notFound } from '../errors.ts';
import type { Sim } from '../options.ts';
import { isoSeconds } from '../timezones.ts';
import { one, params } from './params.ts';

function client(sim: Sim, request: FastifyRequest): void {
  const p = params(request);
  if (one(p, 'client_id') !== sim.options.clientId) throw badClient('client_id');
  if (one(p, 'client_secret') !== sim.options.clientSecret) throw badClient('client_secret');
}

const invalid = (field: string, code: string): StravaError =>
  new StravaError(400, 'Bad Request', [{ resource: 'PushSubscription', field, code }]);

export function pushSubscriptionRoutes(sim: Sim): FastifyPluginAsync {
  return async (app) => {
    app.post('/push_subscriptions', async (request, reply) => {
      client(sim, request);
      const p = params(request);
      const callbackUrl = one(p, 'callback_url');
      const verifyToken = one(p, 'verify_token') ?? '';
      if (!callbackUrl || !/^https?:\/\//.test(callbackUrl)) throw invalid('callback url', 'invalid');
      const r = await sim.webhooks.subscribe(sim.options.clientId, callbackUrl, verifyToken);
      if (!r.ok) {
        if (r.reason === 'exists') throw invalid('', 'already exists');
        throw invalid('callback url', 'GET to callback URL does not return 200');
      }
      return reply.code(201).send({ id: r.subscription.id });
    });

    app.get('/push_subscriptions', async (request) => {
      client(sim, request);
      const s = sim.webhooks.get(sim.options.clientId);
      return s
        ? [
            {
              id: s.id,
              resource_state: 2,
              application_id: Number(sim.options.clientId) || sim.options.clientId,
              callback_url: s.callbackUrl,
              created_at: isoSeconds(Date.parse(s.createdAt)),
              updated_at: isoSeconds(Date.parse(s.updatedAt)),
            },
          ]
        : [];
    });

    app.delete<{ Params: { id: string } }>('/push_subscriptions/:id', async (request, reply) => {
      client(sim, request);
      if (!sim.webhooks.remove(sim.options.clientId, Number(request.params.id))) throw notFound('PushSubscription');
      return reply.code(204).send();
    });
  };
}
