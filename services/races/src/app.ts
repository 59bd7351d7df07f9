import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { RacesDeps } from './deps.ts';
import { participantRoutes } from './routes/participants.ts';
import { raceRoutes } from './routes/races.ts';

/** The races service: every route needs a token with the right scope. */
export function racesApp(deps: RacesDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(raceRoutes(deps));
    await app.register(participantRoutes(deps));
  };
}
