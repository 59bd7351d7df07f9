import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { ReportsDeps } from './deps.ts';
import { reportRoutes } from './routes/reports.ts';
import { unsubscribeRoutes } from './routes/unsubscribe.ts';

/** The reports service: every route needs a token with the right scope, but the signed unsubscribe link. */
export function reportsApp(deps: ReportsDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(reportRoutes(deps));
    await app.register(unsubscribeRoutes(deps));
  };
}
