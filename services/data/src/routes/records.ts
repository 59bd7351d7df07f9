import type { FastifyPluginAsync } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { ErrorBody, RunRanks, UserId, UserRecords, Uuid, commonErrorResponses, scopes } from '@runnerly/contracts';
import { assertUser } from '@runnerly/service-kit';
import { visibleRun } from './visible-run.ts';
import type { DataDeps } from '../deps.ts';
import { answeredFromVersion } from '../revalidate.ts';
import { effortCounts, personalRecords, runRanks } from '../efforts.ts';
import { runOwner } from '../store.ts';
import { runYear } from '../domain/records.ts';

/** Personal records per standard distance, and where a run's best efforts rank among them. */
export function recordsRoutes(deps: DataDeps): FastifyPluginAsync {
  return async (fastify) => {
    const app = fastify.withTypeProvider<TypeBoxTypeProvider>();

    app.get(
      '/users/:userId/records',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "A user's personal records: the fastest efforts per standard distance, all time or in one year",
          tags: ['runs'],
          description:
            "From the runs' best efforts (400 m to the marathon; an effort counts for the standard distance it is within 0.5% of). Every distance is listed, shortest first, with up to three efforts, fastest first, and the run of each. A run's year is its calendar year in its own time zone.",
          params: Type.Object({ userId: UserId }),
          querystring: Type.Object(
            { year: Type.Optional(Type.Integer({ minimum: 1970, maximum: 2200, description: 'Only this year' })) },
            { additionalProperties: false },
          ),
          response: { 200: UserRecords, ...commonErrorResponses },
        },
      },
      async (request, reply) => {
        const { userId } = request.params;
        assertUser(request.auth, userId);
        if (await answeredFromVersion(deps, request, reply, userId)) return reply;
        const { year } = request.query;
        const counts = await effortCounts(deps.db, userId);
        return {
          year: year ?? null,
          years: [...new Set(counts.map((c) => c.year))].sort((a, b) => b - a),
          records: await personalRecords(deps.db, userId, year, counts),
        };
      },
    );

    app.get(
      '/runs/:runId/ranks',
      {
        config: { scopes: [scopes.runsRead] },
        schema: {
          summary: "Where a run's best efforts rank among the runner's, all time and in the run's year",
          tags: ['runs'],
          description: 'Rank 1 is the fastest; efforts of the same time share a rank. Only the standard distances.',
          params: Type.Object({ runId: Uuid }),
          response: { 200: RunRanks, ...commonErrorResponses, 404: ErrorBody },
        },
      },
      async (request, reply) => {
        const run = visibleRun(request.auth, await runOwner(deps.db, request.params.runId));
        if (await answeredFromVersion(deps, request, reply, run.user_id)) return reply;
        return {
          run_id: run.id,
          year: runYear(run.start_time, run.timezone),
          efforts: await runRanks(deps.db, run),
        };
      },
    );
  };
}
