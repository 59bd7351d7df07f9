import { randomBytes } from 'node:crypto';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { ErrorBody, MailboxList } from '@runnerly/contracts';
import type { GatewayDeps } from '../deps.ts';
import { upstream } from '../http.ts';
import { sendIndex } from './static.ts';
import { gatewayErrors } from '../errors.ts';

/**
 * This browser's mailbox tag (created on its first sign-up or reset request, kept in its
 * session, never shown to it): the mails those requests cause carry it.
 */
export function mailboxTagOf(request: FastifyRequest): string {
  request.session.mailTag ??= randomBytes(32).toString('base64url');
  return request.session.mailTag;
}

/**
 * The development mailbox (SMTP_URL unset), read from the accounts service that writes it:
 * a browser sees only the mails its own sign-up and reset requests caused, and the mails
 * of the runner signed in on it.
 */
export function mailboxRoutes(deps: GatewayDeps): FastifyPluginAsync {
  return async (app) => {
    const list = async (request: FastifyRequest, reply: FastifyReply) => {
      if (!deps.settings.devMailbox) throw gatewayErrors.mailboxDisabled();
      void reply.header('cache-control', 'no-store');
      const tag = request.session?.mailTag;
      const to = request.user?.email;
      if (!tag && !to) return { messages: [] };
      const q = new URLSearchParams({ ...(tag ? { tag } : {}), ...(to ? { to } : {}) });
      const res = await upstream(deps.upstreams.accounts, 'accounts').get<unknown>(`/mailbox?${q}`);
      return reply.status(res.status).send(res.body);
    };
    app.get(
      '/api/mailbox',
      {
        schema: {
          summary: "Development mailbox (SMTP unset): this browser's mails only",
          tags: ['mailbox'],
          response: {
            200: MailboxList,
            400: ErrorBody,
            404: ErrorBody,
            502: ErrorBody,
            503: ErrorBody,
            504: ErrorBody,
          },
        },
      },
      list,
    );
    // The same list for API clients; a browser asking for HTML gets the dashboard's Mailbox page.
    app.get('/mailbox', { schema: { hide: true } }, async (request, reply) => {
      if (String(request.headers.accept ?? '').includes('text/html')) return sendIndex(deps, reply);
      return list(request, reply);
    });
  };
}

/** Loopback addresses: the only ones the development mailbox may be served on. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\./.test(host);
}
