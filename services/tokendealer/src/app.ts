import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { TokendealerDeps } from './deps.ts';
import { tokenRoutes } from './routes/token.ts';
import { keyRoutes } from './routes/keys.ts';

/** The token dealer's routes. */
export function tokendealerApp(deps: TokendealerDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(tokenRoutes(deps));
    await app.register(keyRoutes(deps));
  };
}
