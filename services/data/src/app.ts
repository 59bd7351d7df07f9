import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { DataDeps } from './deps.ts';
import { runRoutes } from './routes/runs.ts';
import { totalsRoutes } from './routes/totals.ts';
import { recordsRoutes } from './routes/records.ts';
import { gearRoutes } from './routes/gear.ts';
import { keepAnswers } from './revalidate.ts';

/** The Data Service: every route needs a token with the right scope. */
export function dataApp(deps: DataDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    app.addHook('preSerialization', keepAnswers(deps.answers));
    // Every write announces itself (runs.changed) in its transaction: relay it now, not at the
    // relay's next pass, so that the gateway's kept answers are dropped as soon as it is committed.
    app.addHook('onResponse', async (request, reply) => {
      if (request.method !== 'GET' && request.method !== 'HEAD' && reply.statusCode < 400) deps.relay.nudge();
    });
    deps.answers.compressed.install(app);
    await app.register(runRoutes(deps));
    await app.register(totalsRoutes(deps));
    await app.register(recordsRoutes(deps));
    await app.register(gearRoutes(deps));
  };
}
