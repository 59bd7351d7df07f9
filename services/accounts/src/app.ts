import type { FastifyPluginAsync } from 'fastify';
import { authHook, type Verifier } from '@runnerly/service-kit';
import type { AccountsDeps } from './deps.ts';
import { visitorRoutes } from './routes/visitors.ts';
import { userRoutes } from './routes/users.ts';
import { recipientRoutes } from './routes/recipients.ts';
import { mailboxRoutes } from './routes/mailbox.ts';

/** The accounts service: every route needs a token with the right scope. */
export function accountsApp(deps: AccountsDeps, verifier: Verifier): FastifyPluginAsync {
  return async (app) => {
    app.addHook('onRequest', authHook(verifier));
    await app.register(visitorRoutes(deps));
    await app.register(userRoutes(deps));
    await app.register(recipientRoutes(deps));
    await app.register(mailboxRoutes(deps));
  };
}
