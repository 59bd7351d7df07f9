// The Strava simulator as one Fastify plugin (it never listens): OAuth under /oauth, the API
// under /api/v3, and the control API under /sim.
import type { FastifyError, FastifyPluginAsync } from 'fastify';
import { announceAppeared } from './announce.ts';
import { ControlError, StravaError } from './errors.ts';
import { stravaOnRequest, stravaOnResponse } from './hooks.ts';
import { createSim, resolveOptions, type Sim, type StravaSimOptions } from './options.ts';
import { apiRoutes } from './routes/api.ts';
import { controlRoutes } from './routes/control.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { parseForm } from './routes/params.ts';
import { pushSubscriptionRoutes } from './routes/push-subscriptions.ts';

export type { StravaSimOptions } from './options.ts';

export interface StravaSimPluginOptions extends StravaSimOptions {
  /** Receives the simulator state once built (for in-process tests and the CLI). */
  onReady?: (sim: Sim) => void;
}

export const stravaSim: FastifyPluginAsync<StravaSimPluginOptions> = async (app, opts) => {
  const { onReady, ...options } = opts;
  const resolved = resolveOptions(options);
  const sim = createSim(resolved, (msg, extra) => app.log.warn(extra ?? {}, msg));
  onReady?.(sim);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) => {
    done(null, parseForm(String(body)));
  });
  // Strava clients sometimes POST with an empty JSON body: treat it as no body.
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (_req, body, done) => {
    const text = String(body).trim();
    if (text === '') return done(null, {});
    try {
      done(null, JSON.parse(text));
    } catch (e) {
      (e as FastifyError).statusCode = 400;
      done(e as Error, undefined);
    }
  });

  app.addHook('onRequest', stravaOnRequest(sim));
  app.addHook('onResponse', stravaOnResponse(sim));

  app.setErrorHandler((error: FastifyError | StravaError | ControlError, request, reply) => {
    if (error instanceof StravaError) return reply.code(error.statusCode).send(error.toJSON());
    if (error instanceof ControlError)
      return reply.code(error.statusCode).send({ code: error.code, message: error.message });
    const status = (error as FastifyError).statusCode ?? 500;
    if (status >= 500) {
      request.log.error({ err: error }, 'unexpected error');
      return reply.code(500).send({ message: 'Internal Server Error', errors: [] });
    }
    if (request.url.startsWith('/sim'))
      return reply.code(status).send({
        code: (error as FastifyError).validation ? 'BAD_REQUEST' : ((error as FastifyError).code ?? 'BAD_REQUEST'),
        message: error.message,
      });
    return reply
      .code(status)
      .send({ message: 'Bad Request', errors: [{ resource: 'Application', field: '', code: 'invalid' }] });
  });

  app.get('/', async (_request, reply) =>
    reply.type('text/html; charset=utf-8').send(
      `<!doctype html><meta charset="utf-8"><title>Strava simulator</title><h1>Strava simulator</h1>
<p>A local, seeded Strava for Runnerly demos and tests. Client id <code>${resolved.clientId}</code>.</p>
<ul><li>OAuth: <code>/oauth/authorize</code>, <code>/oauth/token</code>, <code>/oauth/deauthorize</code>, <code>/oauth/revoke</code></li>
<li>API: <code>/api/v3</code></li><li>Control: <code>/sim</code></li></ul>`,
    ),
  );

  // The table of contents.
  // Liveness and readiness for supervisors, like every service of the system.
  app.get('/healthz', async () => ({ status: 'ok' }));
  app.get('/readyz', async () => ({ status: 'ready', checks: {} }));
  await app.register(oauthRoutes(sim));
  await app.register(
    async (api) => {
      await api.register(apiRoutes(sim));
      await api.register(pushSubscriptionRoutes(sim));
      api.setNotFoundHandler((_request, reply) => {
        reply
          .code(404)
          .send({ message: 'Record Not Found', errors: [{ resource: 'resource', field: 'path', code: 'invalid' }] });
      });
    },
    { prefix: '/api/v3' },
  );
  if (resolved.controlApi) await app.register(controlRoutes(sim), { prefix: '/sim' });

  // New activities appear as time passes: announce them to the webhook subscription.
  const timer = resolved.tickMs > 0 ? setInterval(() => announceAppeared(sim), resolved.tickMs) : null;
  timer?.unref();
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    sim.webhooks.close();
  });
};

export default stravaSim;
