import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, type Profile } from '@runnerly/contracts';
import type { ReportsDeps } from '../deps.ts';
import { verifyUnsubscribeToken } from '../domain/unsubscribe.ts';
import { reportErrors } from '../errors.ts';
import { escapeHtml } from '@runnerly/mail';

const query = Type.Object({ token: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false });

const page = (title: string, body: string) =>
  `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${escapeHtml(title)}</title></head><body style="font-family:system-ui,sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem;line-height:1.5"><h1 style="font-size:1.4rem">${escapeHtml(title)}</h1>${body}</body></html>`;

/**
 * One-click unsubscribe (RFC 8058), public: the signed token in the link is the only proof. GET
 * shows a button (link scanners that open every URL must not unsubscribe anyone); POST — the
 * button, or the mail provider's `List-Unsubscribe=One-Click` — turns the monthly report off.
 */
export function unsubscribeRoutes(deps: ReportsDeps): FastifyPluginAsync {
  return async (fastify) => {
    fastify.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, body, done) =>
      done(null, body),
    );
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    const userOf = (token: string) => {
      const userId = verifyUnsubscribeToken(token, deps.settings.unsubscribeKeys);
      if (!userId) throw reportErrors.invalidUnsubscribe();
      return userId;
    };

    app.get(
      '/unsubscribe',
      {
        config: { public: true },
        schema: {
          summary: 'The unsubscribe page of a report mail',
          tags: ['reports'],
          querystring: query,
          response: { 200: Type.String({ description: 'An HTML page' }), 400: ErrorBody },
        },
      },
      async (request, reply) => {
        userOf(request.query.token);
        const action = `?token=${encodeURIComponent(request.query.token)}`;
        return reply
          .type('text/html; charset=utf-8')
          .send(
            page(
              'Stop the monthly report?',
              `<p>You will no longer get the monthly report by email. You can turn it back on from the Account page.</p><form method="post" action="${escapeHtml(action)}"><button type="submit" style="font-size:1rem;padding:.6rem 1.2rem">Unsubscribe</button></form>`,
            ),
          );
      },
    );

    app.post(
      '/unsubscribe',
      {
        config: { public: true },
        schema: {
          summary: 'Turn the monthly report off (RFC 8058 one-click)',
          tags: ['reports'],
          querystring: query,
          response: { 200: Type.String({ description: 'An HTML page' }), 400: ErrorBody },
        },
      },
      async (request, reply) => {
        const userId = userOf(request.query.token);
        const res = await deps.accounts.call<Profile>('PATCH', `/users/${userId}/profile`, {
          body: { email_preferences: { monthly_report: false } },
        });
        if (res.status !== 200 && res.status !== 404) throw new Error(`accounts answered ${res.status}`);
        deps.logger.info({ userId }, 'monthly report turned off by the unsubscribe link');
        return reply
          .type('text/html; charset=utf-8')
          .send(page('You are unsubscribed', '<p>You will no longer get the monthly report by email.</p>'));
      },
    );
  };
}
