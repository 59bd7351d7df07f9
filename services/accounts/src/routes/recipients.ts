import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, ReportRecipientPage, UserId, accountScopes } from '@runnerly/contracts';
import { AppError } from '@runnerly/service-kit';
import type { AccountsDeps } from '../deps.ts';
import { reportRecipients } from '../store.ts';

/** For the reports service: every activated runner's zone and monthly-report preference, page by page. */
export function recipientRoutes(deps: AccountsDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/report-recipients',
      {
        config: { scopes: [accountScopes.accountsRead] },
        schema: {
          summary: 'Activated runners with their time zone and monthly-report preference (service tokens only)',
          tags: ['users'],
          querystring: Type.Object(
            { after: Type.Optional(UserId), limit: Type.Integer({ minimum: 1, maximum: 1000, default: 500 }) },
            { additionalProperties: false },
          ),
          response: { 200: ReportRecipientPage, 401: ErrorBody, 403: ErrorBody },
        },
      },
      async (request) => {
        if (request.auth?.userId !== null) throw new AppError(403, 'forbidden', 'Only a service token lists runners.');
        const rows = await reportRecipients(deps.db, request.query.after, request.query.limit);
        return {
          users: rows.map((r) => ({
            user_id: r.id,
            time_zone: r.time_zone,
            monthly_report: r.email_monthly_report === 1,
            created_at: r.created_at,
          })),
          next_after: rows.length === request.query.limit ? rows[rows.length - 1]!.id : null,
        };
      },
    );
  };
}
