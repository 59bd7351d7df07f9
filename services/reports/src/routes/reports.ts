import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, Month, ReportList, SendNowResponse, SentReport, UserId, reportScopes } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import type { ReportsDeps } from '../deps.ts';
import { enqueueReport } from '../deliver.ts';
import { reportMessageId } from '../domain/message-id.ts';
import { lastMonth } from '../domain/schedule.ts';
import { reportErrors } from '../errors.ts';
import { countAndRecordRequest, findReport, insertDue, listReports, requeueSkipped } from '../store.ts';
import type { ReportRow } from '../tables.ts';

const errors = { 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 404: ErrorBody };
const params = Type.Object({ userId: UserId });

const summary = (r: ReportRow) => ({
  month: r.month,
  state: r.state,
  subject: r.subject,
  message_id: r.message_id,
  queued_at: r.queued_at,
  sent_at: r.sent_at,
});

/** A runner's reports: the list, one as it was sent, and "send me last month's report now". */
export function reportRoutes(deps: ReportsDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/users/:userId/reports',
      {
        config: { scopes: [reportScopes.reportsRead] },
        schema: {
          summary: "A runner's monthly reports, newest first",
          tags: ['reports'],
          params,
          response: { 200: ReportList, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        return { reports: (await listReports(deps.db, request.params.userId)).map(summary) };
      },
    );

    app.get(
      '/users/:userId/reports/:month',
      {
        config: { scopes: [reportScopes.reportsRead] },
        schema: {
          summary: 'One report exactly as it was sent (subject, plain text, HTML)',
          tags: ['reports'],
          params: Type.Object({ userId: UserId, month: Month }),
          response: { 200: SentReport, ...errors },
        },
      },
      async (request) => {
        assertUser(request.auth, request.params.userId);
        const row = await findReport(deps.db, request.params.userId, request.params.month);
        if (!row || row.state !== 'sent' || !row.html_body) throw reportErrors.reportNotFound();
        return { ...summary(row), to: row.to_address ?? '', text: row.text_body ?? '', html: row.html_body };
      },
    );

    app.post(
      '/users/:userId/reports/send-now',
      {
        config: { scopes: [reportScopes.reportsWrite] },
        schema: {
          summary: "Send me last month's report now",
          description: `Queues the report of the month that last ended in the runner's zone, even with reports turned off. A report goes out once: asking again after it was sent answers with its state. At most ${deps.settings.sendNowPerHour} requests an hour (429).`,
          tags: ['reports'],
          params,
          response: { 202: SendNowResponse, ...errors, 429: ErrorBody },
        },
      },
      async (request, reply) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        const now = deps.now();
        const hourAgo = new Date(now.getTime() - 3600_000);
        if ((await countAndRecordRequest(deps.db, userId, hourAgo, now)) >= deps.settings.sendNowPerHour)
          throw reportErrors.tooManyRequests(3600);
        const profile = await deps.sources.profile(userId);
        if (!profile) throw reportErrors.accountUnavailable();
        const month = lastMonth(now, profile.time_zone);
        const messageId = reportMessageId(userId, month, deps.settings.domain);
        const fresh = await insertDue(deps.db, { userId, month, messageId, trigger: 'request' }, now);
        const again = !fresh && (await requeueSkipped(deps.db, userId, month, 'request', now));
        if (fresh || again) await enqueueReport(deps, userId, month);
        const row = (await findReport(deps.db, userId, month))!;
        const message =
          fresh || again
            ? `Your report for ${month} is on its way.`
            : row.state === 'sent'
              ? `Your report for ${month} was sent on ${row.sent_at?.slice(0, 10)}: it is on the Reports page.`
              : `Your report for ${month} is already on its way (${row.state}).`;
        return reply.status(202).send({ month, state: row.state, message });
      },
    );
  };
}
