import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { StravaDeps } from './deps.ts';
import { linkRoutes } from './routes/links.ts';
import { appRoutes } from './routes/apps.ts';
import { webhookRoutes } from './routes/webhook.ts';

/** The strava service: link/unlink and status (user or service tokens), OAuth callback and webhook (public). */
export function stravaApp(deps: StravaDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(linkRoutes(deps));
    await app.register(appRoutes(deps));
    await app.register(webhookRoutes(deps));
  };
}
