import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody } from '@runnerly/contracts';
import { planFeed } from '../domain/ical-feed.ts';
import type { TrainingDeps } from '../deps.ts';
import { trainingErrors } from '../errors.ts';
import { hashFeedSecret } from '../feed-secret.ts';
import { checkPlan } from '../planning.ts';
import { findPlanByFeed } from '../store.ts';

/** The iCal feed: public, found by its secret (phone calendars send no token). */
export function feedRoutes(deps: TrainingDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();
    app.get(
      '/feeds/:file',
      {
        config: { public: true },
        schema: {
          summary: "A plan's sessions as an iCalendar feed (the URL is the secret)",
          tags: ['plans'],
          params: Type.Object({ file: Type.String({ pattern: '^[A-Za-z0-9_-]{43}\\.ics$' }) }),
          response: { 200: Type.String({ description: 'text/calendar' }), 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const row = await findPlanByFeed(deps.db, hashFeedSecret(request.params.file.slice(0, -4)));
        if (!row || row.status !== 'active') throw trainingErrors.feedNotFound();
        const { plan, row: checked } = await checkPlan(deps, row);
        const ics = planFeed(plan, {
          planId: row.id,
          name: `Runnerly: ${row.race_name}`,
          updatedAt: checked.updated_at,
        });
        return reply.type('text/calendar; charset=utf-8').header('cache-control', 'private, max-age=300').send(ics);
      },
    );
  };
}
