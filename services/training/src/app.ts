import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { TrainingDeps } from './deps.ts';
import { feedRoutes } from './routes/feed.ts';
import { planRoutes } from './routes/plans.ts';

/** The training service: plans need a token with the right scope; the iCal feed is found by its secret. */
export function trainingApp(deps: TrainingDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(planRoutes(deps));
    await app.register(feedRoutes(deps));
  };
}
