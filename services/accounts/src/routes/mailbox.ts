import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { Email, ErrorBody, MailboxList, MailboxTag, accountScopes } from '@runnerly/contracts';
import { mailsFor } from '@runnerly/mail';
import type { AccountsDeps } from '../deps.ts';
import { accountErrors } from '../errors.ts';
import { toMailboxMessage } from '../domain/mailbox.ts';

/** The development mailbox (SMTP_URL unset), served by the service that writes it, filtered. */
export function mailboxRoutes(deps: AccountsDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/mailbox',
      {
        config: { scopes: [accountScopes.mailboxRead] },
        schema: {
          summary: 'Mails of the development mailbox for one browser',
          tags: ['mailbox'],
          description:
            'Only the mails caused by requests carrying this `tag` (sign-up, reset) or sent `to` this address (the signed-in runner), never the whole mailbox. 404 `mailbox_disabled` when mail goes out by SMTP.',
          querystring: Type.Object(
            { tag: Type.Optional(MailboxTag), to: Type.Optional(Email) },
            { additionalProperties: false },
          ),
          response: { 200: MailboxList, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        if (!deps.mailboxDataDir) throw accountErrors.mailboxDisabled();
        const { tag, to } = request.query;
        if (!tag && !to) throw accountErrors.mailboxFilter();
        void reply.header('cache-control', 'no-store');
        const mails = await mailsFor(deps.mailboxDataDir, { tag, to });
        return { messages: mails.map(toMailboxMessage) };
      },
    );
  };
}
