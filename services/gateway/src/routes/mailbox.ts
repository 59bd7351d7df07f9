import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '@runnerly/service-kit';
import type { GatewayDeps } from '../deps.ts';
import { listMailbox } from '../mailbox.ts';
import { sendIndex } from './static.ts';

/** The development mailbox (embedded mode, SMTP_URL unset): mails written to disk, with their links. */
export function mailboxRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    const list = async (_request: FastifyRequest, reply: FastifyReply) => {
      if (!deps.settings.mailboxDir)
        throw new AppError(404, 'mailbox_disabled', 'Mail goes out by SMTP: there is no development mailbox.');
      void reply.header('cache-control', 'no-store');
      return { messages: await listMailbox(deps.settings.mailboxDir) };
    };
    app.get(
      '/api/mailbox',
      { schema: { summary: 'Development mailbox (embedded mode only)', tags: ['mailbox'] } },
      list,
    );
    // The same list for API clients; a browser asking for HTML gets the dashboard's Mailbox page.
    app.get('/mailbox', { schema: { hide: true } }, async (request, reply) => {
      if (String(request.headers.accept ?? '').includes('text/html')) return sendIndex(deps, reply);
      return list(request, reply);
    });
  };
}
